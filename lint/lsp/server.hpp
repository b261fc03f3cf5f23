#pragma once
// The language server: document state, method dispatch and diagnostics publishing over the
// analysis core. It never re-implements analysis: every change re-runs driver::Analyzer over the
// document's workspace folder with the open buffers as overlays.
//
// Threading: messages are handled one at a time and the analysis runs synchronously on the
// message thread after each change, so a transcript of messages always produces the same replies
// (the tests rely on this).
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/analysis.hpp"
#include "lsp/diagnostics.hpp"
#include "lsp/documents.hpp"
#include "lsp/transport.hpp"

namespace erlint::lsp {

struct ServerOptions {
  std::string version = "0.0.0";  // reported in serverInfo
  unsigned jobs = 0;              // analysis threads (0: one per core)
  bool use_config = true;         // read the nearest .erlint.yaml of each workspace folder
};

class Server {
 public:
  using Sender = std::function<void(const json&)>;
  // `send` receives every outgoing message in order; `log` gets human-readable problems.
  Server(const driver::Analyzer& analyzer, Sender send, std::ostream& log, ServerOptions options = {});

  // One decoded message (request, notification or a client's response).
  void handle(const json& message);
  // One result of the transport: a message, or a framing problem to answer or log.
  void handle(const ReadResult& read);

  bool exit_requested() const { return exit_requested_; }
  // 0 when `exit` came after `shutdown`, 1 otherwise.
  int exit_code() const { return shutdown_ ? 0 : 1; }

  // Reads and handles messages until `exit` or the end of the stream; returns the exit code.
  int run(MessageReader& reader);

  // For tests: the diagnostics last published for a document.
  const std::vector<DiagnosticRecord>* diagnostics(const std::string& uri) const;

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

  std::string root_of(const std::string& path) const;
  void analyze_root(const std::string& root);
  void analyze_all();
  void publish(const std::string& uri, const json& diagnostics, std::optional<std::int64_t> version);
  std::string uri_of(const std::string& path) const;

  const driver::Analyzer& analyzer_;
  Sender send_;
  std::ostream& log_;
  ServerOptions options_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exit_requested_ = false;
  std::vector<std::string> roots_;                // workspace folders, as paths
  std::map<std::string, Document> documents_;     // by URI
  std::map<std::string, std::vector<DiagnosticRecord>> diagnostics_;  // by URI, as last published
  std::map<std::string, json> published_;         // by URI: the last publishDiagnostics params
};

}  // namespace erlint::lsp
