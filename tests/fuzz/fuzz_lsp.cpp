// libFuzzer harness for the language server: the input is the byte stream a client sends (LSP
// `Content-Length` framing around JSON-RPC messages), read from memory by the real MessageReader
// and dispatched to a fresh Server in its synchronous mode (debounce 0: open and change analyse the
// buffers at once, as the tests run it). Everything the server writes goes through the real
// MessageWriter and must read back as well-formed frames.
//
// Confinement, so that a run never depends on (or walks) this machine's file system: every file:
// URI and rootPath in a message is moved under a folder that does not exist before the server sees
// it. The server then analyses only the open buffers, as it does for unsaved files.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "driver/analysis.hpp"
#include "fuzz_support.hpp"
#include "lsp/documents.hpp"
#include "lsp/server.hpp"
#include "lsp/transport.hpp"

using namespace erlint;
using lsp::json;

namespace {

constexpr const char* kNowhere = "/erlint-fuzz-nonexistent";

void confine(json& value, const std::string& key = {}) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) confine(it.value(), it.key());
  } else if (value.is_array()) {
    for (json& item : value) confine(item);
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (auto path = lsp::uri_to_path(text)) value = lsp::path_to_uri(kNowhere + *path);
    else if (key == "rootPath") value = std::string(kNowhere) + "/" + text;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const driver::Analyzer analyzer(driver::default_rules_dir());
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out, log;
  lsp::MessageWriter writer(out);
  lsp::ServerOptions options;
  options.jobs = 1;
  lsp::Server server(analyzer, [&](const json& message) { writer.write(message); }, log, options);
  // A small frame limit, so that the fuzzer reaches the oversized-frame path too.
  lsp::MessageReader reader(in, 1u << 16);
  // Server::run(), with the confinement between reading and handling.
  while (!server.exit_requested()) {
    lsp::ReadResult read = reader.read();
    if (read.kind == lsp::ReadResult::Kind::EndOfStream) break;
    if (read.kind == lsp::ReadResult::Kind::Message) confine(read.message);
    server.handle(read);
  }
  // What the server wrote reads back as frames of JSON, to the end.
  std::istringstream written(out.str());
  lsp::MessageReader check(written);
  for (;;) {
    lsp::ReadResult read = check.read();
    if (read.kind == lsp::ReadResult::Kind::EndOfStream) {
      fuzz::require(read.error.empty(), "the server wrote a truncated frame");
      break;
    }
    fuzz::require(read.kind == lsp::ReadResult::Kind::Message, "the server wrote a frame that does not read back");
  }
  return 0;
}
