#include "parse/arm/json_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "parse/arm/arm_expression.hpp"

namespace erlint::parse {

namespace {

using model::Expr;
using model::ExprKind;
using model::ExprPtr;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c) || c == '-'; }
bool is_number_char(char c) { return is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

std::string quote_char(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) return "a non-printable byte";
  return std::string("'") + c + "'";
}

class JsonReader {
 public:
  JsonReader(std::string_view text, FileId file, const JsonReadOptions& options, JsonDocument& out)
      : data_(text.data()),
        size_(static_cast<std::uint32_t>(text.size())),
        file_(file),
        max_depth_(std::min(options.max_nesting_depth, kMaxJsonDepthCeiling)),
        max_problems_(options.max_problems),
        arm_expressions_(options.arm_expressions),
        out_(out) {}

  void read() {
    skip_trivia();
    if (at_end()) {
      problem("the file holds no JSON value", size_, size_);
      return;
    }
    out_.root = read_value(0);
    skip_trivia();
    if (!at_end())
      problem("unexpected " + quote_char(data_[pos_]) + " after the end of the JSON document", pos_, pos_ + 1);
  }

 private:
  bool at_end() const { return pos_ >= size_ || gave_up_; }
  char current() const { return data_[pos_]; }
  Range range(std::uint32_t begin, std::uint32_t end) const { return Range{file_, begin, end}; }

  void problem(std::string message, std::uint32_t begin, std::uint32_t end, ErrorCode code = ErrorCode::Syntax) {
    if (gave_up_) return;
    if (code == ErrorCode::Syntax && ++syntax_errors_ > max_problems_) {
      // A file this broken is probably not JSON at all: stop instead of reporting every byte.
      out_.problems.push_back({ErrorCode::Syntax,
                               "too many syntax errors; the rest of the file is not read", range(begin, end)});
      gave_up_ = true;  // at_end() is now true: every loop winds down without reading further
      return;
    }
    out_.problems.push_back({code, std::move(message), range(begin, end)});
  }

  std::uint32_t line_of(std::uint32_t offset) const {
    return 1 + static_cast<std::uint32_t>(std::count(data_, data_ + offset, '\n'));
  }

  // ---- trivia ---------------------------------------------------------------------------

  void skip_trivia() {
    for (;;) {
      while (pos_ < size_ && is_space(data_[pos_])) ++pos_;
      if (pos_ + 1 < size_ && data_[pos_] == '/' && (data_[pos_ + 1] == '/' || data_[pos_ + 1] == '*'))
        read_comment();
      else
        return;
    }
  }

  // At "//" or "/*": records the comment and moves past it.
  void read_comment() {
    const std::uint32_t begin = pos_;
    model::Comment comment;
    std::uint32_t line_start = begin;
    while (line_start > 0 && (data_[line_start - 1] == ' ' || data_[line_start - 1] == '\t')) --line_start;
    comment.own_line = line_start == 0 || data_[line_start - 1] == '\n';

    if (data_[pos_ + 1] == '/') {
      const void* newline = std::memchr(data_ + pos_, '\n', size_ - pos_);
      std::uint32_t end = newline ? static_cast<std::uint32_t>(static_cast<const char*>(newline) - data_) : size_;
      pos_ = end;
      if (end > begin + 2 && data_[end - 1] == '\r') --end;  // CRLF: the '\r' is not comment text
      comment.text.assign(data_ + begin + 2, end - begin - 2);
      comment.range = range(begin, end);
    } else {
      const std::string_view rest(data_ + pos_ + 2, size_ - pos_ - 2);
      const std::size_t close = rest.find("*/");
      if (close == std::string_view::npos) {
        problem("unterminated block comment", begin, begin + 2);
        comment.text.assign(rest);
        pos_ = size_;
      } else {
        comment.text.assign(rest.substr(0, close));
        pos_ += 2 + static_cast<std::uint32_t>(close) + 2;
      }
      comment.range = range(begin, pos_);
    }
    out_.comments.push_back(std::move(comment));
  }

  // ---- values ---------------------------------------------------------------------------

  // `depth` is the number of containers already open around this value.
  ExprPtr read_value(std::uint32_t depth) {
    const char c = current();
    switch (c) {
      case '{':
      case '[':
        if (depth >= max_depth_) return cut_off(c);
        return c == '{' ? read_object(depth + 1) : read_array(depth + 1);
      case '"':
      case '\'':
        return read_string_value();
      default:
        break;
    }
    if (is_digit(c) || c == '-' || c == '+' || c == '.') return read_number();
    if (is_word_start(c)) return read_word();
    return bad_value();
  }

  ExprPtr read_object(std::uint32_t depth) {
    const std::uint32_t open = pos_++;
    auto node = std::make_shared<Expr>();
    node->kind = ExprKind::Object;
    for (;;) {
      skip_trivia();
      if (at_end()) {
        unclosed(open, '}');
        break;
      }
      char c = current();
      if (c == '}') {
        ++pos_;
        break;
      }
      if (c == ',') {  // "{ ," or ",,": Newtonsoft rejects it, and nothing is lost by going on
        problem("unexpected ',': expected a property name", pos_, pos_ + 1);
        ++pos_;
        continue;
      }
      if (c == ']') {  // mismatched bracket: leave it to the array it probably closes
        problem("expected '}' to close the object opened on line " + std::to_string(line_of(open)) +
                    ", found ']'", pos_, pos_ + 1);
        break;
      }

      model::ObjectEntry entry;
      if (c == '"' || c == '\'') {
        const std::uint32_t key_begin = pos_;
        read_string_token(entry.key);
        entry.key_range = range(key_begin, pos_);
      } else if (is_word_start(c)) {  // unquoted property name (Newtonsoft accepts these)
        const std::uint32_t key_begin = pos_;
        while (pos_ < size_ && is_word_char(data_[pos_])) ++pos_;
        entry.key.assign(data_ + key_begin, pos_ - key_begin);
        entry.key_range = range(key_begin, pos_);
      } else {
        problem("expected a property name or '}', found " + quote_char(c), pos_, pos_ + 1);
        skip_to_separator();
        if (!at_end() && current() == ',') ++pos_;
        continue;
      }

      skip_trivia();
      const bool has_colon = !at_end() && current() == ':';
      if (has_colon) {
        ++pos_;
        skip_trivia();
      }
      const bool value_missing = at_end() || current() == ',' || current() == '}' || current() == ']';
      const std::uint32_t here_end = at_end() ? pos_ : pos_ + 1;
      if (!has_colon)
        problem(std::string("expected ':'") + (value_missing ? " and a value" : "") + " after the property name \"" +
                    entry.key + "\"", pos_, here_end);
      else if (value_missing)
        problem("expected a value for the property \"" + entry.key + "\"", pos_, here_end);
      entry.value = value_missing ? model::make_error("missing value", range(pos_, pos_)) : read_value(depth);
      node->entries.push_back(std::move(entry));

      skip_trivia();
      if (at_end()) {
        unclosed(open, '}');
        break;
      }
      c = current();
      if (c == ',') {
        ++pos_;  // a trailing comma before '}' is fine: the loop then meets the '}'
        continue;
      }
      if (c == '}') {
        ++pos_;
        break;
      }
      if (c == ']') continue;  // reported (and left to the parent) at the top of the loop
      problem("expected ',' or '}' after the value of \"" + node->entries.back().key + "\", found " + quote_char(c),
              pos_, pos_ + 1);
      if (c == '"') continue;  // most likely a missing comma: read the next member as usual
      skip_to_separator();
      if (!at_end() && current() == ',') ++pos_;
    }
    node->range = range(open, pos_);
    return node;
  }

  ExprPtr read_array(std::uint32_t depth) {
    const std::uint32_t open = pos_++;
    auto node = std::make_shared<Expr>();
    node->kind = ExprKind::Array;
    for (;;) {
      skip_trivia();
      if (at_end()) {
        unclosed(open, ']');
        break;
      }
      char c = current();
      if (c == ']') {
        ++pos_;
        break;
      }
      if (c == ',') {
        problem("unexpected ',': expected a value", pos_, pos_ + 1);
        ++pos_;
        continue;
      }
      if (c == '}') {
        problem("expected ']' to close the array opened on line " + std::to_string(line_of(open)) + ", found '}'",
                pos_, pos_ + 1);
        break;
      }
      node->items.push_back(read_value(depth));

      skip_trivia();
      if (at_end()) {
        unclosed(open, ']');
        break;
      }
      c = current();
      if (c == ',') {
        ++pos_;
        continue;
      }
      if (c == ']') {
        ++pos_;
        break;
      }
      if (c == '}') continue;  // reported at the top of the loop
      problem("expected ',' or ']' after an array element, found " + quote_char(c), pos_, pos_ + 1);
      // A missing comma before a value that starts cleanly: read on as if it were there.
      if (c == '"' || c == '{' || c == '[' || is_digit(c) || c == '-') continue;
      skip_to_separator();
      if (!at_end() && current() == ',') ++pos_;
    }
    node->range = range(open, pos_);
    return node;
  }

  void unclosed(std::uint32_t open, char closer) {
    problem(std::string("unexpected end of file: expected '") + closer + "' to close the " +
                (closer == '}' ? "object" : "array") + " opened on line " + std::to_string(line_of(open)),
            size_, size_);
  }

  ExprPtr read_string_value() {
    const std::uint32_t begin = pos_;
    std::string text;
    read_string_token(text);
    const Range where = range(begin, pos_);
    if (arm_expressions_ && !text.empty() && text.front() == '[')
      return lower_arm_string(std::move(text), where, out_.problems);
    return model::make_string(std::move(text), where);
  }

  // At an opening quote: decodes the string into `out` and moves past the closing quote.
  void read_string_token(std::string& out) {
    const char quote = current();
    const std::uint32_t open = pos_++;
    std::uint32_t run = pos_;
    for (;;) {
      // Copy the longest run without quote or backslash in one step.
      while (pos_ < size_ && data_[pos_] != quote && data_[pos_] != '\\') ++pos_;
      out.append(data_ + run, pos_ - run);
      if (pos_ >= size_) {
        unterminated_string(open, out);
        return;
      }
      if (data_[pos_] == quote) {
        ++pos_;
        return;
      }
      decode_escape(out);
      run = pos_;
    }
  }

  // No closing quote before the end of the file. Strings may span lines, so the quote could be
  // anywhere; the likeliest intent is a string that ends with its line, so read on from there.
  void unterminated_string(std::uint32_t open, std::string& out) {
    problem("unterminated string", open, open + 1);
    const void* newline = std::memchr(data_ + open, '\n', size_ - open);
    if (!newline) return;
    const std::uint32_t end = static_cast<std::uint32_t>(static_cast<const char*>(newline) - data_);
    out.assign(data_ + open + 1, end - open - 1);
    if (!out.empty() && out.back() == '\r') out.pop_back();
    pos_ = end;
  }

  // At a backslash inside a string.
  void decode_escape(std::string& out) {
    const std::uint32_t begin = pos_++;
    if (pos_ >= size_) return;
    const char c = data_[pos_++];
    switch (c) {
      case '"': case '\\': case '/': case '\'': out.push_back(c); return;
      case 'b': out.push_back('\b'); return;
      case 'f': out.push_back('\f'); return;
      case 'n': out.push_back('\n'); return;
      case 'r': out.push_back('\r'); return;
      case 't': out.push_back('\t'); return;
      case 'u': {
        std::uint32_t code_point = 0;
        if (!read_hex4(code_point)) {
          problem("invalid \\u escape: expected four hexadecimal digits", begin, pos_);
          return;
        }
        // A UTF-16 surrogate pair written as two escapes is one code point.
        if (code_point >= 0xD800 && code_point <= 0xDBFF && pos_ + 1 < size_ && data_[pos_] == '\\' &&
            data_[pos_ + 1] == 'u') {
          const std::uint32_t saved = pos_;
          pos_ += 2;
          std::uint32_t low = 0;
          if (read_hex4(low) && low >= 0xDC00 && low <= 0xDFFF)
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
          else
            pos_ = saved;
        }
        append_utf8(out, code_point);
        return;
      }
      default:
        problem(std::string("invalid escape sequence '\\") + c + "' in a string", begin, pos_);
        out.push_back(c);
        return;
    }
  }

  bool read_hex4(std::uint32_t& value) {
    if (pos_ + 4 > size_) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = hex_value(data_[pos_ + static_cast<std::uint32_t>(i)]);
      if (digit < 0) return false;
      value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    pos_ += 4;
    return true;
  }

  ExprPtr read_number() {
    const std::uint32_t begin = pos_;
    while (pos_ < size_ && is_number_char(data_[pos_])) ++pos_;
    const char* first = data_ + begin;
    if (*first == '+') ++first;  // from_chars rejects a leading '+'; Newtonsoft does not
    double value = 0;
    const auto [end, error] = std::from_chars(first, data_ + pos_, value);
    if (end != data_ + pos_ || (error != std::errc() && error != std::errc::result_out_of_range)) {
      problem("invalid number '" + std::string(data_ + begin, pos_ - begin) + "'", begin, pos_);
      return model::make_error("invalid number", range(begin, pos_));
    }
    return model::make_number(value, range(begin, pos_));
  }

  ExprPtr read_word() {
    const std::uint32_t begin = pos_;
    while (pos_ < size_ && is_word_char(data_[pos_])) ++pos_;
    const std::string_view word(data_ + begin, pos_ - begin);
    const Range where = range(begin, pos_);
    if (word == "true") return model::make_bool(true, where);
    if (word == "false") return model::make_bool(false, where);
    if (word == "null") return model::make_null(where);
    problem("unexpected '" + std::string(word) + "': expected a value (strings need double quotes)", begin, pos_);
    return model::make_error("invalid value", where);
  }

  // Something that cannot start a value. Separators are left for the enclosing container;
  // anything else is skipped up to the next separator so that one mistake is one message.
  ExprPtr bad_value() {
    const std::uint32_t begin = pos_;
    const char c = current();
    problem("expected a value, found " + quote_char(c), begin, begin + 1);
    if (c != ',' && c != '}' && c != ']') skip_to_separator();
    return model::make_error("invalid value", range(begin, pos_));
  }

  // ---- skipping without building --------------------------------------------------------

  // A container nested deeper than the limit: skipped by a loop, not by recursion.
  ExprPtr cut_off(char opener) {
    const std::uint32_t begin = pos_;
    problem("nesting deeper than " + std::to_string(max_depth_) + " levels: this " +
                (opener == '{' ? "object" : "array") + " is not analysed",
            begin, begin + 1, ErrorCode::Limit);
    out_.truncated = true;
    skip_raw(/*one_container=*/true);
    return model::make_error("nesting limit exceeded", range(begin, pos_));
  }

  void skip_to_separator() { skip_raw(/*one_container=*/false); }

  // Moves over text respecting strings, comments and brackets. With `one_container`, skips the
  // one bracketed value at pos_; otherwise stops before a ',', '}' or ']' of the current level.
  void skip_raw(bool one_container) {
    const std::uint32_t begin = pos_;
    std::uint32_t level = 0;
    while (pos_ < size_) {
      const char c = data_[pos_];
      switch (c) {
        case '"': {
          ++pos_;
          while (pos_ < size_ && data_[pos_] != '"') pos_ += data_[pos_] == '\\' ? 2 : 1;
          pos_ = std::min(pos_ + 1, size_);
          break;
        }
        case '/':
          if (pos_ + 1 < size_ && (data_[pos_ + 1] == '/' || data_[pos_ + 1] == '*'))
            read_comment();
          else
            ++pos_;
          break;
        case '{':
        case '[':
          ++level;
          ++pos_;
          break;
        case '}':
        case ']':
          if (level == 0) return;
          --level;
          ++pos_;
          if (one_container && level == 0) return;
          break;
        case ',':
          if (level == 0 && !one_container) return;
          ++pos_;
          break;
        default:
          ++pos_;
          break;
      }
    }
    if (one_container && level > 0) unclosed(begin, data_[begin] == '{' ? '}' : ']');
  }

  const char* data_;
  std::uint32_t size_;
  FileId file_;
  std::uint32_t max_depth_;
  std::uint32_t max_problems_;
  bool arm_expressions_;
  JsonDocument& out_;
  std::uint32_t pos_ = 0;
  std::uint32_t syntax_errors_ = 0;
  bool gave_up_ = false;
};

}  // namespace

JsonDocument read_json(std::string_view text, FileId file, const JsonReadOptions& options) {
  JsonDocument document;
  // Offsets are 32-bit everywhere (Range); a larger file is refused by the size limit upstream,
  // and is read only up to 4 GiB here rather than overflowing.
  if (text.size() > 0xFFFFFFF0u) text = text.substr(0, 0xFFFFFFF0u);
  JsonReader reader(text, file, options, document);
  reader.read();
  return document;
}

}  // namespace erlint::parse
