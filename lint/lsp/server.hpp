#pragma once
// The language server: document state, method dispatch and diagnostics publishing over the
// analysis core. It never re-implements analysis: every change re-runs driver::Analyzer over the
// document's workspace folder with the open buffers as overlays.
//
// Threading: messages are handled one at a time. With ServerOptions::debounce == 0 (the tests'
// mode) the analysis runs synchronously on the message thread after each change, so a transcript
// of messages always produces the same replies. With a debounce, changes only schedule their
// workspace folder; a worker thread analyses it once the edits pause, from a snapshot of the open
// buffers, and drops its results for any document whose version moved on meanwhile.
#include <cstdint>
#include <functional>
#include <chrono>
#include <condition_variable>
#include <iosfwd>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/analysis.hpp"
#include "lsp/diagnostics.hpp"
#include "lsp/document_trees.hpp"
#include "lsp/documents.hpp"
#include "lsp/transport.hpp"

namespace erlint::lsp {

struct ServerOptions {
  std::string version = "0.0.0";  // reported in serverInfo
  unsigned jobs = 0;              // analysis threads (0: one per core)
  bool use_config = true;         // read the nearest .erlint.yaml of each workspace folder
  // 0: analyse synchronously after each change (deterministic). Otherwise a worker analyses once
  // no change came for this long.
  std::chrono::milliseconds debounce{0};
};

class Server {
 public:
  using Sender = std::function<void(const json&)>;
  // `send` receives every outgoing message in order; `log` gets human-readable problems.
  // With a debounce, `send` is also called from the worker thread (never concurrently).
  Server(const driver::Analyzer& analyzer, Sender send, std::ostream& log, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // One decoded message (request, notification or a client's response).
  void handle(const json& message);
  // One result of the transport: a message, or a framing problem to answer or log.
  void handle(const ReadResult& read);

  bool exit_requested() const { return exit_requested_; }
  // 0 when `exit` came after `shutdown`, 1 otherwise.
  int exit_code() const { return shutdown_ ? 0 : 1; }

  // Reads and handles messages until `exit` or the end of the stream; returns the exit code.
  int run(MessageReader& reader);

  // For tests: the diagnostics last published for a document (a copy: the worker may replace them).
  std::optional<std::vector<DiagnosticRecord>> diagnostics(const std::string& uri) const;

 private:
  json handle_request(const std::string& method, const json& params);
  void handle_notification(const std::string& method, const json& params);

  json initialize(const json& params);
  json hover(const json& params);
  json code_action(const json& params);
  void did_open(const json& params);
  void did_change(const json& params);
  void did_save(const json& params);
  void did_close(const json& params);

  // What one analysis of a workspace folder sees: the open buffers and their versions.
  struct Snapshot {
    std::string root;
    std::map<std::string, std::string> overlays;      // path -> text
    std::map<std::string, std::int64_t> versions;     // URI -> version
    std::map<std::string, std::string> uri_by_path;
    std::shared_ptr<DocumentTrees::Snapshot> trees;   // for incremental parsing
  };
  using DiagnosticsByFile = std::map<std::string, std::vector<DiagnosticRecord>>;

  std::string root_of(const std::string& path) const;
  void schedule(const std::string& root);  // analyse now, or after the debounce
  void schedule_all();
  Snapshot snapshot(const std::string& root) const;
  // Touches no server state. The analysis result is handed to `spent` so that its (large)
  // destruction happens after the diagnostics are published, not before.
  DiagnosticsByFile compute(const Snapshot& snapshot, std::unique_ptr<driver::AnalysisResult>& spent) const;
  void publish_results(const Snapshot& snapshot, DiagnosticsByFile by_file);
  void publish(const std::string& uri, json diagnostics, std::optional<std::int64_t> version);
  void worker_loop();

  const driver::Analyzer& analyzer_;
  Sender send_;
  std::ostream& log_;
  ServerOptions options_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exit_requested_ = false;
  std::vector<std::string> roots_;                // workspace folders, as paths
  std::map<std::string, Document> documents_;     // by URI
  DocumentTrees trees_;                           // syntax trees by path, kept for incremental parsing
  std::map<std::string, std::vector<DiagnosticRecord>> diagnostics_;  // by URI, as last published
  std::map<std::string, json> published_;         // by URI: the last publishDiagnostics params
  std::map<std::string, std::set<std::string>> config_uris_;  // by root: config files showing errors

  // Guards all the state above against the worker (held while a message is handled).
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::set<std::string> pending_roots_;
  std::chrono::steady_clock::time_point due_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace erlint::lsp
