#include "driver/config_scopes.hpp"

#include <filesystem>

#include "driver/config.hpp"

namespace erlint::driver {

namespace fs = std::filesystem;

ConfigScopes::ConfigScopes(const RuleSettings& fallback, bool nearest, const std::vector<std::unique_ptr<rules::Rule>>& rules)
    : fallback_(fallback), nearest_(nearest), rules_(rules) {}

const RuleSettings& ConfigScopes::for_file(const std::string& path, std::vector<ToolError>& errors) {
  if (!nearest_) return fallback_;
  std::error_code ec;
  fs::path absolute = fs::absolute(path.empty() ? fs::path(".") : fs::path(path), ec).lexically_normal();
  if (ec) return fallback_;
  const RuleSettings* found = for_folder(absolute.parent_path().string(), errors);
  return found ? *found : fallback_;
}

const RuleSettings* ConfigScopes::for_folder(const std::string& folder, std::vector<ToolError>& errors) {
  if (auto known = by_folder_.find(folder); known != by_folder_.end()) return known->second;
  const RuleSettings* settings = nullptr;
  std::error_code ec;
  fs::path candidate = fs::path(folder) / kConfigFileName;
  if (fs::is_regular_file(candidate, ec)) {
    std::string key = candidate.string();
    auto& slot = by_config_file_[key];
    if (!slot) {
      // Shown as find_config shows it: relative to the current folder when below it.
      std::string shown = find_config(folder);
      if (shown.empty()) shown = key;
      slot = std::make_unique<RuleSettings>();
      std::size_t before = errors.size();
      if (auto config = load_config(shown, errors)) apply_config(*config, rules_, *slot, errors);
      if (errors.size() != before) failed_ = true;
      slot->config_path = shown;
      used_.push_back(shown);
    }
    settings = slot.get();
  } else if (fs::path parent = fs::path(folder).parent_path(); !parent.empty() && parent != fs::path(folder)) {
    settings = for_folder(parent.string(), errors);
  }
  by_folder_[folder] = settings;
  return settings;
}

}  // namespace erlint::driver
