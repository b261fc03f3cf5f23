#include "lsp/server.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "driver/config.hpp"
#include "lsp/code_actions.hpp"
#include "lsp/hover.hpp"

namespace erlint::lsp {

namespace fs = std::filesystem;

namespace {

std::string strip_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

bool is_under(const std::string& path, const std::string& root) {
  if (root == "/") return !path.empty() && path.front() == '/';
  return path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/';
}

// 0-based line and UTF-16 character from an LSP Position object.
std::pair<std::uint32_t, std::uint32_t> position_of(const json& position) {
  return {position.at("line").get<std::uint32_t>(), position.at("character").get<std::uint32_t>()};
}

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer() || id.is_null(); }

// Paths in analysis results may be relative to the current folder (configuration files are shown
// that way); URIs need them absolute.
std::string absolute_path(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  return ec ? path : absolute.lexically_normal().string();
}

}  // namespace

Server::Server(const driver::Analyzer& analyzer, Sender send, std::ostream& log, ServerOptions options)
    : analyzer_(analyzer), send_(std::move(send)), log_(log), options_(std::move(options)) {
  if (options_.debounce.count() > 0) worker_ = std::thread([this] { worker_loop(); });
}

Server::~Server() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::optional<std::vector<DiagnosticRecord>> Server::diagnostics(const std::string& uri) const {
  std::lock_guard lock(mutex_);
  auto it = diagnostics_.find(uri);
  if (it == diagnostics_.end()) return std::nullopt;
  return it->second;
}

int Server::run(MessageReader& reader) {
  while (!exit_requested_) {
    ReadResult read = reader.read();
    if (read.kind == ReadResult::Kind::EndOfStream) {
      if (!read.error.empty()) log_ << "erlint lsp: " << read.error << "\n";
      break;
    }
    handle(read);
  }
  return exit_code();
}

void Server::handle(const ReadResult& read) {
  switch (read.kind) {
    case ReadResult::Kind::Message: handle(read.message); return;
    case ReadResult::Kind::BadHeader: log_ << "erlint lsp: " << read.error << " (skipped to the next header)\n"; return;
    case ReadResult::Kind::BadJson: send_(make_error(nullptr, error_code::kParseError, read.error)); return;
    case ReadResult::Kind::TooLarge: send_(make_error(nullptr, error_code::kInvalidRequest, read.error)); return;
    case ReadResult::Kind::EndOfStream: return;
  }
}

void Server::handle(const json& message) {
  std::lock_guard lock(mutex_);
  if (!message.is_object()) {
    send_(make_error(nullptr, error_code::kInvalidRequest, "a JSON-RPC message must be an object (batches are not used by LSP)"));
    return;
  }
  const bool has_id = message.contains("id");
  json id = has_id ? message["id"] : json();
  if (has_id && !valid_id(id)) id = nullptr;
  auto method = message.find("method");
  if (message.value("jsonrpc", json()) != "2.0" || (has_id && !valid_id(message["id"])) ||
      (method != message.end() && !method->is_string())) {
    send_(make_error(id, error_code::kInvalidRequest, "not a JSON-RPC 2.0 message"));
    return;
  }
  if (method == message.end()) {
    if (has_id && (message.contains("result") || message.contains("error"))) return;  // a client's response: we sent no requests
    send_(make_error(id, error_code::kInvalidRequest, "message has no method"));
    return;
  }
  const std::string name = method->get<std::string>();
  json params = message.value("params", json::object());
  if (!has_id) {
    try {
      handle_notification(name, params);
    } catch (const std::exception& e) {
      log_ << fmt::format("erlint lsp: {}: {}\n", name, e.what());
    }
    return;
  }
  if (!initialized_ && name != "initialize") {
    send_(make_error(id, error_code::kServerNotInitialized, "the server is not initialized"));
    return;
  }
  if (shutdown_) {
    send_(make_error(id, error_code::kInvalidRequest, "the server is shutting down"));
    return;
  }
  if (name == "initialize" && initialized_) {
    send_(make_error(id, error_code::kInvalidRequest, "initialize was already called"));
    return;
  }
  try {
    json result = handle_request(name, params);
    if (result.is_discarded()) send_(make_error(id, error_code::kMethodNotFound, fmt::format("method not found: {}", name)));
    else send_(make_response(id, std::move(result)));
  } catch (const json::exception& e) {
    send_(make_error(id, error_code::kInvalidParams, fmt::format("invalid params for {}: {}", name, e.what())));
  } catch (const std::exception& e) {
    send_(make_error(id, error_code::kInternalError, fmt::format("{} failed: {}", name, e.what())));
  }
}

json Server::handle_request(const std::string& method, const json& params) {
  if (method == "initialize") return initialize(params);
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/hover") return hover(params);
  if (method == "textDocument/codeAction") return code_action(params);
  return json(json::value_t::discarded);
}

void Server::handle_notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exit_requested_ = true;
    return;
  }
  if (!initialized_ || shutdown_) return;  // notifications before initialize (or after shutdown) are dropped
  if (method == "textDocument/didOpen") did_open(params);
  else if (method == "textDocument/didChange") did_change(params);
  else if (method == "textDocument/didSave") did_save(params);
  else if (method == "textDocument/didClose") did_close(params);
  else if (method == "workspace/didChangeWatchedFiles") schedule_all();
  // initialized, $/cancelRequest (requests are answered synchronously), workspace/didChangeConfiguration,
  // $/setTrace and any other notification: nothing to do.
}

json Server::initialize(const json& params) {
  initialized_ = true;
  auto add_root = [&](const json& uri) {
    if (!uri.is_string()) return;
    if (auto path = uri_to_path(uri.get<std::string>())) roots_.push_back(strip_trailing_slash(*path));
  };
  if (auto folders = params.find("workspaceFolders"); folders != params.end() && folders->is_array())
    for (const json& folder : *folders)
      if (folder.is_object()) add_root(folder.value("uri", json()));
  if (roots_.empty()) add_root(params.value("rootUri", json()));
  if (roots_.empty())
    if (auto root_path = params.value("rootPath", json()); root_path.is_string() && !root_path.get<std::string>().empty())
      roots_.push_back(strip_trailing_slash(fs::path(root_path.get<std::string>()).lexically_normal().string()));
  json capabilities{{"positionEncoding", "utf-16"},
                    {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
                    {"hoverProvider", true},
                    {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}}};
  return json{{"capabilities", std::move(capabilities)}, {"serverInfo", {{"name", "erlint"}, {"version", options_.version}}}};
}

std::string Server::root_of(const std::string& path) const {
  const std::string* best = nullptr;
  for (const std::string& root : roots_)
    if (is_under(path, root) && (!best || root.size() > best->size())) best = &root;
  if (best) return *best;
  return fs::path(path).parent_path().string();
}

void Server::did_open(const json& params) {
  const json& item = params.at("textDocument");
  Document document;
  document.uri = item.at("uri").get<std::string>();
  auto path = uri_to_path(document.uri);
  if (!path) {
    log_ << fmt::format("erlint lsp: {} is not a file: URI; not analysed\n", document.uri);
    return;
  }
  document.path = *path;
  document.language_id = item.value("languageId", std::string());
  document.version = item.value("version", std::int64_t{0});
  document.text = item.at("text").get<std::string>();
  std::string root = root_of(document.path);
  trees_.set_open(document.path, true);
  documents_[document.uri] = std::move(document);
  schedule(root);
}

void Server::did_change(const json& params) {
  const json& identifier = params.at("textDocument");
  auto it = documents_.find(identifier.at("uri").get<std::string>());
  if (it == documents_.end()) return;  // a change to a document that is not open
  Document& document = it->second;
  for (const json& change : params.at("contentChanges")) {
    const std::string& text = change.at("text").get_ref<const std::string&>();
    if (auto range = change.find("range"); range != change.end() && !range->is_null()) {
      auto [start_line, start_character] = position_of(range->at("start"));
      auto [end_line, end_character] = position_of(range->at("end"));
      std::size_t begin = offset_from_utf16(document.text, start_line, start_character);
      std::size_t end = offset_from_utf16(document.text, end_line, end_character);
      if (end < begin) std::swap(begin, end);
      trees_.edit(document.path, document.text, begin, end, text);  // the tree follows the text
      document.text.replace(begin, end - begin, text);
    } else {
      trees_.forget(document.path);
      document.text = text;
    }
  }
  if (auto version = identifier.find("version"); version != identifier.end() && version->is_number_integer())
    document.version = version->get<std::int64_t>();
  schedule(root_of(document.path));
}

void Server::did_save(const json& params) {
  auto it = documents_.find(params.at("textDocument").at("uri").get<std::string>());
  if (it == documents_.end()) return;
  if (auto text = params.find("text"); text != params.end() && text->is_string()) it->second.text = text->get<std::string>();
  schedule(root_of(it->second.path));
}

void Server::did_close(const json& params) {
  std::string uri = params.at("textDocument").at("uri").get<std::string>();
  auto it = documents_.find(uri);
  if (it == documents_.end()) return;
  std::string root = root_of(it->second.path);
  trees_.set_open(it->second.path, false);
  documents_.erase(it);
  diagnostics_.erase(uri);
  published_.erase(uri);
  publish(uri, json::array(), std::nullopt);
  // The file on disk replaces the buffer: the other open documents of the folder may see a change.
  if (std::any_of(documents_.begin(), documents_.end(), [&](const auto& entry) { return root_of(entry.second.path) == root; }))
    schedule(root);
}

void Server::schedule_all() {
  std::set<std::string> roots;
  for (const auto& [uri, document] : documents_) roots.insert(root_of(document.path));
  for (const std::string& root : roots) schedule(root);
}

void Server::schedule(const std::string& root) {
  if (options_.debounce.count() == 0) {
    Snapshot taken = snapshot(root);
    if (taken.versions.empty()) return;
    std::unique_ptr<driver::AnalysisResult> spent;
    publish_results(taken, compute(taken, spent));
    return;
  }
  // Called with mutex_ held (from handle()).
  pending_roots_.insert(root);
  due_ = std::chrono::steady_clock::now() + options_.debounce;
  wake_.notify_all();
}

void Server::worker_loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (pending_roots_.empty()) {
      wake_.wait(lock);
      continue;
    }
    if (std::chrono::steady_clock::now() < due_) {
      wake_.wait_until(lock, due_);
      continue;
    }
    std::string root = *pending_roots_.begin();
    pending_roots_.erase(pending_roots_.begin());
    Snapshot taken = snapshot(root);
    if (taken.versions.empty()) continue;
    lock.unlock();
    DiagnosticsByFile by_file;
    std::unique_ptr<driver::AnalysisResult> spent;
    try {
      by_file = compute(taken, spent);
    } catch (const std::exception& e) {
      log_ << fmt::format("erlint lsp: analysis of {} failed: {}\n", root, e.what());
    }
    lock.lock();
    if (!stopping_) publish_results(taken, std::move(by_file));
    lock.unlock();
    spent.reset();  // freed after publishing, outside the lock
    lock.lock();
  }
}

Server::Snapshot Server::snapshot(const std::string& root) const {
  Snapshot taken;
  taken.root = root;
  taken.trees = std::make_shared<DocumentTrees::Snapshot>();
  trees_.fill(*taken.trees);
  for (const auto& [uri, document] : documents_) {
    taken.uri_by_path[document.path] = uri;
    if (root_of(document.path) != root) continue;
    taken.overlays[document.path] = document.text;
    taken.versions[uri] = document.version;
  }
  return taken;
}

Server::DiagnosticsByFile Server::compute(const Snapshot& taken, std::unique_ptr<driver::AnalysisResult>& spent) const {
  driver::AnalysisOptions options;
  options.overlays = taken.overlays;
  std::error_code ec;
  bool root_exists = fs::is_directory(taken.root, ec);
  if (root_exists) {
    options.paths = {taken.root};
  } else {
    for (const auto& [path, text] : options.overlays) options.paths.push_back(path);
  }
  options.jobs = options_.jobs;
  options.parse.trees = taken.trees.get();
  options.release_models = false;  // the whole result is freed after publishing

  // Each file follows the nearest .erlint.yaml, as on the command line.
  options.nearest_config = options_.use_config && root_exists;

  spent = std::make_unique<driver::AnalysisResult>(analyzer_.analyze(options));
  driver::AnalysisResult& result = *spent;
  if (!root_exists) {
    // Unsaved buffers in a folder that does not exist: their "no such file" errors are not news.
    std::erase_if(result.errors, [&](const ToolError& error) {
      return error.code == ErrorCode::Io && options.overlays.count(error.file) > 0 && error.message == "no such file or folder";
    });
  }
  return collect_diagnostics(result, analyzer_, [&](const std::string& path) {
    auto known = taken.uri_by_path.find(path);
    return known != taken.uri_by_path.end() ? known->second : path_to_uri(absolute_path(path));
  });
}

void Server::publish_results(const Snapshot& taken, DiagnosticsByFile by_file) {
  // Keep the trees the analysis parsed, unless the document changed meanwhile.
  if (taken.trees)
    trees_.adopt(*taken.trees, [&](const std::string& path) {
      auto uri = taken.uri_by_path.find(path);
      if (uri == taken.uri_by_path.end()) return false;
      auto document = documents_.find(uri->second);
      auto version = taken.versions.find(uri->second);
      return document != documents_.end() && version != taken.versions.end() && document->second.version == version->second;
    });
  for (const auto& [uri, version] : taken.versions) {
    auto document = documents_.find(uri);
    // Never publish results computed for a version the editor no longer has (a newer change has
    // scheduled its own analysis).
    if (document == documents_.end() || document->second.version != version) continue;
    std::vector<DiagnosticRecord> records;
    if (auto found = by_file.find(document->second.path); found != by_file.end()) records = std::move(found->second);
    json list = json::array();
    for (const DiagnosticRecord& record : records) list.push_back(record.diagnostic);
    diagnostics_[uri] = std::move(records);
    publish(uri, std::move(list), version);
  }

  // Configuration files are not documents the editor lints, but a mistake in one stops the
  // analysis: its ERR-CONFIG errors are published on it (unversioned), and cleared once fixed.
  std::set<std::string>& shown = config_uris_[taken.root];
  std::set<std::string> now;
  for (auto& [path, records] : by_file) {
    if (taken.uri_by_path.count(path)) continue;  // an open document: published above
    json list = json::array();
    for (const DiagnosticRecord& record : records)
      if (record.code == "ERR-CONFIG") list.push_back(record.diagnostic);
    if (list.empty()) continue;
    std::string uri = path_to_uri(absolute_path(path));
    now.insert(uri);
    publish(uri, std::move(list), std::nullopt);
  }
  for (const std::string& uri : shown)
    if (!now.count(uri)) publish(uri, json::array(), std::nullopt);
  shown = std::move(now);
}

void Server::publish(const std::string& uri, json diagnostics, std::optional<std::int64_t> version) {
  json params = json::object();
  params["uri"] = uri;
  params["diagnostics"] = std::move(diagnostics);
  if (version) params["version"] = *version;
  // The same diagnostics for the same version (another file's change re-analysed this one) are
  // not sent again. A new version always is: compare the version first, the list only then.
  if (auto last = published_.find(uri); last != published_.end() && version && last->second.value("version", std::int64_t{-1}) == *version &&
                                        last->second == params)
    return;
  if (version) published_[uri] = params;
  send_(make_notification("textDocument/publishDiagnostics", std::move(params)));
}

json Server::hover(const json& params) {
  std::string uri = params.at("textDocument").at("uri").get<std::string>();
  auto [line, character] = position_of(params.at("position"));
  auto records = diagnostics_.find(uri);
  auto document = documents_.find(uri);
  if (records == diagnostics_.end() || document == documents_.end()) return nullptr;
  std::string language = fix_language(document->second.path);
  std::vector<std::string> parts;
  const DiagnosticRecord* first = nullptr;
  for (const DiagnosticRecord& record : records->second) {
    const LspRange& r = record.range;
    bool after_start = std::tie(line, character) >= std::tie(r.start_line, r.start_character);
    bool before_end = std::tie(line, character) <= std::tie(r.end_line, r.end_character);
    if (!after_start || !before_end) continue;
    if (!first) first = &record;
    parts.push_back(hover_markdown(record, record.is_rule ? analyzer_.rule(record.code) : nullptr, language));
  }
  if (parts.empty()) return nullptr;
  std::string text = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) text += "\n\n---\n\n" + parts[i];
  return json{{"contents", {{"kind", "markdown"}, {"value", text}}}, {"range", to_json(first->range)}};
}

json Server::code_action(const json& params) {
  std::string uri = params.at("textDocument").at("uri").get<std::string>();
  const json& range = params.at("range");
  auto [start_line, start_character] = position_of(range.at("start"));
  auto [end_line, end_character] = position_of(range.at("end"));
  json actions = json::array();
  auto records = diagnostics_.find(uri);
  auto document = documents_.find(uri);
  if (records == diagnostics_.end() || document == documents_.end()) return actions;
  std::set<std::pair<std::string, std::uint32_t>> offered;  // one pair of actions per rule and line
  for (const DiagnosticRecord& record : records->second) {
    const LspRange& r = record.range;
    bool overlaps = std::tie(r.start_line, r.start_character) <= std::tie(end_line, end_character) &&
                    std::tie(start_line, start_character) <= std::tie(r.end_line, r.end_character);
    if (!overlaps || !record.is_rule || !offered.insert({record.code, r.start_line}).second) continue;
    for (json action : record.fixes) {  // the rule's own fixes first: they solve the problem
      action["diagnostics"] = json::array({record.diagnostic});
      actions.push_back(std::move(action));
    }
    for (json& action : ignore_actions(document->second, record)) actions.push_back(std::move(action));
  }
  return actions;
}

}  // namespace erlint::lsp
