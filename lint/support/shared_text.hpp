#pragma once
// An immutable string whose copies share one allocation. Evaluated values are copied often (a
// variable read into a hundred resources, a module's outputs into its callers), and the names they
// carry (the parameter a value flowed through, the resource it refers to) never change once set:
// sharing them keeps a copy to a reference count instead of a string allocation, and the value
// small (16 bytes instead of 32).
#include <memory>
#include <string>
#include <string_view>

namespace erlint {

class SharedText {
 public:
  SharedText() = default;
  explicit SharedText(std::string text) { *this = std::move(text); }

  SharedText& operator=(std::string text) {
    text_ = text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text));
    return *this;
  }

  bool empty() const { return !text_; }
  const std::string& str() const { return text_ ? *text_ : empty_string(); }
  operator const std::string&() const { return str(); }  // NOLINT: reads like the string it holds
  operator std::string_view() const { return str(); }     // NOLINT
  bool starts_with(std::string_view prefix) const { return str().starts_with(prefix); }

  friend bool operator==(const SharedText& a, const SharedText& b) { return a.text_ == b.text_ || a.str() == b.str(); }
  friend bool operator==(const SharedText& a, std::string_view b) { return a.str() == b; }

 private:
  static const std::string& empty_string() {
    static const std::string kEmpty;
    return kEmpty;
  }
  std::shared_ptr<const std::string> text_;
};

}  // namespace erlint
