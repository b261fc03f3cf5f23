// The language server through an in-memory transport: framing, the lifecycle, diagnostics after
// open and incremental change, hover, code actions and errors, as transcripts of JSON-RPC messages.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <unistd.h>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "driver/analysis.hpp"
#include "lsp/code_actions.hpp"
#include "lsp/document_trees.hpp"
#include "lsp/documents.hpp"
#include "lsp/server.hpp"
#include "lsp/transport.hpp"

namespace fs = std::filesystem;
using erlint::lsp::json;
using erlint::lsp::MessageReader;
using erlint::lsp::MessageWriter;
using erlint::lsp::ReadResult;
using erlint::lsp::Server;

namespace {

const erlint::driver::Analyzer& analyzer() {
  static const erlint::driver::Analyzer instance(ERLINT_SOURCE_DIR "/rules");
  return instance;
}

std::string frame(const std::string& body) { return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body; }
std::string frame(const json& message) { return frame(message.dump()); }

json request(int id, const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}
json notification(const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

// A workspace folder of its own (empty on disk: the documents live in the editor's buffers).
struct TempFolder {
  fs::path path;
  explicit TempFolder(const std::string& name) {
    path = fs::temp_directory_path() / ("erlint-lsp-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Feeds messages straight to a Server and records what it sends.
struct Session {
  std::vector<json> sent;
  std::ostringstream log;
  std::map<std::string, json> latest;  // URI -> the last diagnostics published for it
  Server server{analyzer(), [this](const json& m) {
                  sent.push_back(m);
                  if (m.value("method", "") == "textDocument/publishDiagnostics") latest[m["params"]["uri"]] = m["params"]["diagnostics"];
                }, log};

  json call(int id, const std::string& method, json params = json::object()) {
    sent.clear();
    server.handle(request(id, method, std::move(params)));
    for (const json& m : sent)
      if (m.contains("id") && m["id"] == id) return m;
    FAIL("no response to " << method);
    return {};
  }
  void notify(const std::string& method, json params = json::object()) {
    sent.clear();
    server.handle(notification(method, std::move(params)));
  }
  std::vector<json> published(const std::string& uri) const {
    std::vector<json> out;
    for (const json& m : sent)
      if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri) out.push_back(m["params"]);
    return out;
  }
  void initialize(const fs::path& root) {
    json result = call(1, "initialize", {{"processId", nullptr}, {"rootUri", erlint::lsp::path_to_uri(root.string())}, {"capabilities", json::object()}});
    REQUIRE(result.contains("result"));
    notify("initialized");
  }
};

const char* kGatewayBicep = R"(resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-hub'
  location: 'westeurope'
}

resource hub 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-hub'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
    subnets: [
      {
        name: 'GatewaySubnet'
        properties: {
          addressPrefix: '10.0.0.0/27'
          networkSecurityGroup: { id: nsg.id }
        }
      }
    ]
  }
}
)";

std::vector<json> with_code(const json& diagnostics, const std::string& code) {
  std::vector<json> out;
  for (const json& d : diagnostics)
    if (d.value("code", "") == code) out.push_back(d);
  return out;
}

}  // namespace

namespace {

// Serves its bytes one at a time, so that every frame arrives split into pieces.
class TrickleBuffer : public std::streambuf {
 public:
  explicit TrickleBuffer(std::string data) : data_(std::move(data)) {}

 protected:
  int_type underflow() override {
    if (next_ >= data_.size()) return traits_type::eof();
    current_ = data_[next_++];
    setg(&current_, &current_, &current_ + 1);
    return traits_type::to_int_type(current_);
  }

 private:
  std::string data_;
  std::size_t next_ = 0;
  char current_ = 0;
};

// Runs a whole byte stream through the server and decodes what it wrote back.
struct StreamRun {
  int exit_code = -1;
  std::vector<json> replies;
  std::string log;
};

StreamRun run_stream(std::istream& in, std::size_t max_frame = erlint::lsp::kDefaultMaxFrameBytes) {
  std::ostringstream out, log;
  MessageWriter writer(out);
  Server server(analyzer(), [&](const json& m) { writer.write(m); }, log);
  MessageReader reader(in, max_frame);
  StreamRun run;
  run.exit_code = server.run(reader);
  run.log = log.str();
  std::istringstream replies(out.str());
  MessageReader decode(replies);
  for (ReadResult r = decode.read(); r.kind != ReadResult::Kind::EndOfStream; r = decode.read()) {
    REQUIRE(r.kind == ReadResult::Kind::Message);
    run.replies.push_back(r.message);
  }
  return run;
}

const json kInitialize = request(1, "initialize", {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", json::object()}});

}  // namespace

TEST_CASE("transport: joined and split frames") {
  std::string bytes = frame(kInitialize) + frame(notification("initialized")) + frame(request(2, "shutdown")) +
                      frame(notification("exit"));
  SECTION("joined in one buffer") {
    std::istringstream in(bytes);
    StreamRun run = run_stream(in);
    CHECK(run.exit_code == 0);
    REQUIRE(run.replies.size() == 2);
    CHECK(run.replies[0]["id"] == 1);
    CHECK(run.replies[1] == json({{"jsonrpc", "2.0"}, {"id", 2}, {"result", nullptr}}));
  }
  SECTION("one byte at a time") {
    TrickleBuffer buffer(bytes);
    std::istream in(&buffer);
    StreamRun run = run_stream(in);
    CHECK(run.exit_code == 0);
    CHECK(run.replies.size() == 2);
  }
  SECTION("header names in any case, other headers, LF-only lines") {
    std::string body = request(7, "shutdown").dump();
    std::string odd = "content-length: " + std::to_string(body.size()) +
                      "\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n" + body;
    std::istringstream in(frame(kInitialize) + odd + frame(notification("exit")));
    StreamRun run = run_stream(in);
    CHECK(run.exit_code == 0);
    REQUIRE(run.replies.size() == 2);
    CHECK(run.replies[1]["id"] == 7);
  }
}

TEST_CASE("transport: bad frames are answered or logged, and reading goes on") {
  SECTION("a header without a valid Content-Length is logged and skipped") {
    std::istringstream in("Content-Length: twelve\r\n\r\n{\"broken\":1}" + frame(kInitialize) + "X-Nothing: 1\r\n\r\n" +
                          frame(request(2, "shutdown")) + frame(notification("exit")));
    StreamRun run = run_stream(in);
    CHECK(run.exit_code == 0);
    REQUIRE(run.replies.size() == 2);
    CHECK(run.replies[0]["id"] == 1);
    CHECK(run.replies[1]["id"] == 2);
    CHECK(run.log.find("invalid Content-Length") != std::string::npos);
    CHECK(run.log.find("without Content-Length") != std::string::npos);
  }
  SECTION("a body that is not JSON gets ParseError") {
    std::istringstream in(frame(std::string("{\"jsonrpc\": \"2.0\", \"id\": 1,")) + frame(kInitialize) + frame(notification("exit")));
    StreamRun run = run_stream(in);
    CHECK(run.exit_code == 1);  // exit without shutdown
    REQUIRE(run.replies.size() == 2);
    CHECK(run.replies[0]["id"].is_null());
    CHECK(run.replies[0]["error"]["code"] == -32700);
    CHECK(run.replies[1]["id"] == 1);
  }
  SECTION("an oversized frame gets InvalidRequest and its body is skipped") {
    std::string big = request(5, "textDocument/hover", {{"padding", std::string(500, 'x')}}).dump();
    std::istringstream in(frame(big) + frame(kInitialize) + frame(notification("exit")));
    StreamRun run = run_stream(in, 200);
    REQUIRE(run.replies.size() == 2);
    CHECK(run.replies[0]["error"]["code"] == -32600);
    CHECK(run.replies[1]["id"] == 1);
  }
  SECTION("a stream that ends inside a frame ends the server with exit code 1") {
    std::istringstream in(frame(kInitialize) + "Content-Length: 100\r\n\r\n{\"jsonrpc\"");
    StreamRun run = run_stream(in);
    CHECK(run.exit_code == 1);
    CHECK(run.replies.size() == 1);
    CHECK(run.log.find("ended inside a message body") != std::string::npos);
  }
  SECTION("valid JSON that is not a request gets InvalidRequest") {
    std::istringstream in(frame(std::string("[1,2]")) + frame(json{{"id", 3}, {"method", "shutdown"}}) +
                          frame(json{{"jsonrpc", "2.0"}, {"id", 4}, {"method", 42}}) + frame(notification("exit")));
    StreamRun run = run_stream(in);
    REQUIRE(run.replies.size() == 3);
    CHECK(run.replies[0]["error"]["code"] == -32600);
    CHECK(run.replies[1]["error"]["code"] == -32600);
    CHECK(run.replies[1]["id"] == 3);
    CHECK(run.replies[2]["error"]["code"] == -32600);
  }
}

TEST_CASE("lifecycle: initialize, capabilities, shutdown, exit") {
  Session s;
  SECTION("requests before initialize are refused") {
    json reply = s.call(9, "textDocument/hover", {{"textDocument", {{"uri", "file:///x.bicep"}}}, {"position", {{"line", 0}, {"character", 0}}}});
    CHECK(reply["error"]["code"] == -32002);
  }
  json reply = s.call(1, "initialize", {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", json::object()}});
  const json& caps = reply["result"]["capabilities"];
  CHECK(caps["textDocumentSync"]["openClose"] == true);
  CHECK(caps["textDocumentSync"]["change"] == 2);
  CHECK(caps["textDocumentSync"].contains("save"));
  CHECK(caps["hoverProvider"] == true);
  CHECK(caps.contains("codeActionProvider"));
  CHECK(reply["result"]["serverInfo"]["name"] == "erlint");
  s.notify("initialized");
  s.notify("$/cancelRequest", {{"id", 1}});
  s.notify("workspace/didChangeConfiguration", {{"settings", json::object()}});
  s.notify("some/unknownNotification");
  CHECK(s.sent.empty());
  CHECK(s.call(2, "some/unknownMethod")["error"]["code"] == -32601);
  CHECK(s.call(3, "textDocument/hover", {{"textDocument", 5}})["error"]["code"] == -32602);
  CHECK(s.call(4, "shutdown")["result"].is_null());
  CHECK(s.call(5, "textDocument/hover")["error"]["code"] == -32600);  // after shutdown
  CHECK_FALSE(s.server.exit_requested());
  s.notify("exit");
  CHECK(s.server.exit_requested());
  CHECK(s.server.exit_code() == 0);
}

TEST_CASE("diagnostics, incremental change, hover and code actions on a Bicep file") {
  TempFolder folder("bicep");
  Session s;
  s.initialize(folder.path);
  std::string uri = erlint::lsp::path_to_uri((folder.path / "main.bicep").string());
  s.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "bicep"}, {"version", 1}, {"text", kGatewayBicep}}}});
  auto published = s.published(uri);
  REQUIRE(published.size() == 1);
  CHECK(published[0]["version"] == 1);
  auto findings = with_code(published[0]["diagnostics"], "ER-NS-001");
  REQUIRE(findings.size() == 1);
  const json& d = findings[0];
  CHECK(d["range"] == json::parse(R"({"start":{"line":15,"character":10},"end":{"line":15,"character":46}})"));
  CHECK(d["severity"] == 1);
  CHECK(d["source"] == "erlint");
  CHECK(d["codeDescription"]["href"].get<std::string>().find("ER-NS-001") != std::string::npos);
  REQUIRE(d.contains("relatedInformation"));
  CHECK(d["relatedInformation"][0]["location"]["uri"] == uri);
  CHECK(d["relatedInformation"][0]["location"]["range"]["start"]["line"] == 0);

  SECTION("hover on the finding explains the rule") {
    json reply = s.call(2, "textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 15}, {"character", 20}}}});
    REQUIRE(reply["result"].is_object());
    std::string text = reply["result"]["contents"]["value"];
    CHECK(reply["result"]["contents"]["kind"] == "markdown");
    CHECK(text.find("**ER-NS-001**: GatewaySubnet has a network security group") != std::string::npos);
    CHECK(text.find("**Why it matters.**") != std::string::npos);
    CHECK(text.find("**How to fix.** Remove `networkSecurityGroup` from the GatewaySubnet") != std::string::npos);
    json outside = s.call(3, "textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 2}, {"character", 0}}}});
    CHECK(outside["result"].is_null());
  }

  SECTION("an incremental change that removes the NSG clears the diagnostics, with the new version") {
    s.notify("textDocument/didChange",
             {{"textDocument", {{"uri", uri}, {"version", 2}}},
              {"contentChanges", json::array({{{"range", {{"start", {{"line", 15}, {"character", 0}}}, {"end", {{"line", 16}, {"character", 0}}}}},
                                               {"text", ""}}})}});
    published = s.published(uri);
    REQUIRE(published.size() == 1);
    CHECK(published[0]["version"] == 2);
    CHECK(published[0]["diagnostics"] == json::array());
  }

  SECTION("the ignore-on-this-line action inserts an indented comment that suppresses the finding") {
    json reply = s.call(4, "textDocument/codeAction",
                        {{"textDocument", {{"uri", uri}}},
                         {"range", {{"start", {{"line", 15}, {"character", 12}}}, {"end", {{"line", 15}, {"character", 12}}}}},
                         {"context", {{"diagnostics", json::array()}}}});
    const json& actions = reply["result"];
    REQUIRE(actions.size() == 2);
    CHECK(actions[0]["title"] == "Ignore ER-NS-001 on this line");
    CHECK(actions[0]["kind"] == "quickfix");
    const json& line_edit = actions[0]["edit"]["changes"][uri][0];
    CHECK(line_edit["range"] == json::parse(R"({"start":{"line":15,"character":0},"end":{"line":15,"character":0}})"));
    CHECK(line_edit["newText"] == "          // erlint-ignore ER-NS-001: <reason>\n");
    CHECK(actions[1]["title"] == "Ignore ER-NS-001 in this file");
    const json& file_edit = actions[1]["edit"]["changes"][uri][0];
    CHECK(file_edit["range"]["start"] == json::parse(R"({"line":0,"character":0})"));
    CHECK(file_edit["newText"] == "// erlint-ignore-file ER-NS-001: <reason>\n");

    s.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 3}}},
                                        {"contentChanges", json::array({{{"range", line_edit["range"]}, {"text", line_edit["newText"]}}})}});
    published = s.published(uri);
    REQUIRE(published.size() == 1);
    CHECK(published[0]["version"] == 3);
    CHECK(published[0]["diagnostics"] == json::array());
  }

  SECTION("closing the document publishes an empty list") {
    s.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
    published = s.published(uri);
    REQUIRE(published.size() == 1);
    CHECK(published[0]["diagnostics"] == json::array());
    CHECK_FALSE(published[0].contains("version"));
  }
}

TEST_CASE("syntax errors are diagnostics too") {
  TempFolder folder("syntax");
  Session s;
  s.initialize(folder.path);
  std::string uri = erlint::lsp::path_to_uri((folder.path / "broken.bicep").string());
  s.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "bicep"}, {"version", 4},
                                                      {"text", "resource x 'A/b@1' = {\n  name: 'x'\n"}}}});
  auto published = s.published(uri);
  REQUIRE(published.size() == 1);
  auto errors = with_code(published[0]["diagnostics"], "ERR-SYNTAX");
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0]["severity"] == 1);
  CHECK(errors[0]["source"] == "erlint");
}

TEST_CASE("ignore actions in Terraform and ARM JSON use the language's comments and work") {
  TempFolder folder("langs");
  Session s;
  s.initialize(folder.path);
  SECTION("Terraform: #") {
    std::string uri = erlint::lsp::path_to_uri((folder.path / "main.tf").string());
    std::string text = R"(resource "azurerm_subnet" "gateway" {
  name                 = "GatewaySubnet"
  resource_group_name  = "rg"
  virtual_network_name = "vnet"
  address_prefixes     = ["10.0.0.0/27"]
}

resource "azurerm_network_security_group" "hub" {
  name                = "nsg-hub"
  location            = "westeurope"
  resource_group_name = "rg"
}

resource "azurerm_subnet_network_security_group_association" "gateway" {
  subnet_id                 = azurerm_subnet.gateway.id
  network_security_group_id = azurerm_network_security_group.hub.id
}
)";
    s.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "terraform"}, {"version", 1}, {"text", text}}}});
    auto findings = with_code(s.published(uri).at(0)["diagnostics"], "ER-NS-001");
    REQUIRE(findings.size() == 1);
    json reply = s.call(2, "textDocument/codeAction", {{"textDocument", {{"uri", uri}}}, {"range", findings[0]["range"]}, {"context", json::object()}});
    REQUIRE(reply["result"].size() == 2);
    const json& edit = reply["result"][0]["edit"]["changes"][uri][0];
    CHECK(edit["newText"] == "  # erlint-ignore ER-NS-001: <reason>\n");
    CHECK(reply["result"][1]["edit"]["changes"][uri][0]["newText"] == "# erlint-ignore-file ER-NS-001: <reason>\n");
    s.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 2}}},
                                        {"contentChanges", json::array({{{"range", edit["range"]}, {"text", edit["newText"]}}})}});
    CHECK(with_code(s.published(uri).at(0)["diagnostics"], "ER-NS-001").empty());
  }
  SECTION("ARM JSON: // at the top of the file") {
    std::string uri = erlint::lsp::path_to_uri((folder.path / "azuredeploy.json").string());
    std::string text = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Network/virtualNetworks/subnets",
      "apiVersion": "2024-05-01",
      "name": "vnet-hub/GatewaySubnet",
      "properties": {
        "addressPrefix": "10.0.0.0/27",
        "networkSecurityGroup": { "id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-hub')]" }
      }
    }
  ]
}
)";
    s.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "json"}, {"version", 1}, {"text", text}}}});
    auto findings = with_code(s.published(uri).at(0)["diagnostics"], "ER-NS-001");
    REQUIRE(findings.size() == 1);
    json reply = s.call(2, "textDocument/codeAction", {{"textDocument", {{"uri", uri}}}, {"range", findings[0]["range"]}, {"context", json::object()}});
    REQUIRE(reply["result"].size() == 2);
    const json& edit = reply["result"][1]["edit"]["changes"][uri][0];
    CHECK(edit["newText"] == "// erlint-ignore-file ER-NS-001: <reason>\n");
    s.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 2}}},
                                        {"contentChanges", json::array({{{"range", edit["range"]}, {"text", edit["newText"]}}})}});
    CHECK(with_code(s.published(uri).at(0)["diagnostics"], "ER-NS-001").empty());
  }
}

namespace {

// Applies the first code action titled `title` for the first `code` diagnostic, and returns the
// diagnostics published afterwards.
json apply_fix(Session& s, const std::string& uri, const std::string& code, const std::string& title, int version) {
  REQUIRE(s.latest.count(uri));
  auto findings = with_code(s.latest[uri], code);
  REQUIRE(!findings.empty());
  json reply = s.call(50 + version, "textDocument/codeAction", {{"textDocument", {{"uri", uri}}}, {"range", findings[0]["range"]}, {"context", json::object()}});
  const json* chosen = nullptr;
  for (const json& action : reply["result"])
    if (action["title"] == title) chosen = &action;
  REQUIRE(chosen != nullptr);
  CHECK((*chosen)["kind"] == "quickfix");
  CHECK((*chosen)["diagnostics"][0]["code"] == code);
  const json& edits = (*chosen)["edit"]["changes"][uri];
  REQUIRE(edits.size() == 1);
  s.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version}}},
                                      {"contentChanges", json::array({{{"range", edits[0]["range"]}, {"text", edits[0]["newText"]}}})}});
  return s.published(uri).at(0)["diagnostics"];
}

std::vector<std::string> action_titles(Session& s, const std::string& uri, const std::string& code) {
  REQUIRE(s.latest.count(uri));
  auto findings = with_code(s.latest[uri], code);
  REQUIRE(!findings.empty());
  json reply = s.call(90, "textDocument/codeAction", {{"textDocument", {{"uri", uri}}}, {"range", findings[0]["range"]}, {"context", json::object()}});
  std::vector<std::string> titles;
  for (const json& action : reply["result"]) titles.push_back(action["title"]);
  return titles;
}

const char* kRouteTableBicep = R"(param propagationOff bool = true

resource rt 'Microsoft.Network/routeTables@2024-05-01' = {
  name: 'rt-gw'
  location: 'westeurope'
  properties: {
    disableBgpRoutePropagation: true
  }
}

resource gw 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  name: 'vnet-hub/GatewaySubnet'
  properties: {
    addressPrefix: '10.0.0.0/27'
    routeTable: { id: rt.id }
  }
}
)";

}  // namespace

TEST_CASE("server: quick fixes declared by the rule files") {
  TempFolder folder("fixes");
  Session s;
  s.initialize(folder.path);
  SECTION("Bicep: ER-NS-003 on the followed route table, fixed and gone") {
    std::string uri = erlint::lsp::path_to_uri((folder.path / "main.bicep").string());
    s.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "bicep"}, {"version", 1}, {"text", kRouteTableBicep}}}});
    json after = apply_fix(s, uri, "ER-NS-003", "Turn gateway route propagation back on", 2);
    CHECK(with_code(after, "ER-NS-003").empty());
  }
  SECTION("Bicep: no fix when the value comes from a parameter") {
    std::string uri = erlint::lsp::path_to_uri((folder.path / "main.bicep").string());
    std::string text = kRouteTableBicep;
    text.replace(text.find("disableBgpRoutePropagation: true"), 32, "disableBgpRoutePropagation: propagationOff");
    s.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "bicep"}, {"version", 1}, {"text", text}}}});
    auto titles = action_titles(s, uri, "ER-NS-003");
    CHECK(std::find(titles.begin(), titles.end(), "Turn gateway route propagation back on") == titles.end());
    CHECK(std::find(titles.begin(), titles.end(), "Ignore ER-NS-003 on this line") != titles.end());
  }
  SECTION("Terraform azurerm 4.x: the inverted attribute gets true") {
    std::string uri = erlint::lsp::path_to_uri((folder.path / "main.tf").string());
    std::string text = R"(resource "azurerm_route_table" "gw" {
  name                          = "rt-gw"
  location                      = "westeurope"
  resource_group_name           = "rg"
  bgp_route_propagation_enabled = false
}

resource "azurerm_subnet" "gateway" {
  name                 = "GatewaySubnet"
  resource_group_name  = "rg"
  virtual_network_name = "vnet-hub"
  address_prefixes     = ["10.0.0.0/27"]
}

resource "azurerm_subnet_route_table_association" "gateway" {
  subnet_id      = azurerm_subnet.gateway.id
  route_table_id = azurerm_route_table.gw.id
}
)";
    s.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "terraform"}, {"version", 1}, {"text", text}}}});
    json after = apply_fix(s, uri, "ER-NS-003", "Turn gateway route propagation back on", 2);
    CHECK(with_code(after, "ER-NS-003").empty());
  }
  SECTION("ARM: ER-DP-002 keeps the key length") {
    std::string uri = erlint::lsp::path_to_uri((folder.path / "port.json").string());
    std::string text = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Network/ExpressRoutePorts",
      "apiVersion": "2024-05-01",
      "name": "port-1",
      "location": "westeurope",
      "identity": { "type": "UserAssigned", "userAssignedIdentities": { "/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id": {} } },
      "properties": {
        "links": [
          {
            "name": "link1",
            "properties": {
              "macSecConfig": {
                "cknSecretIdentifier": "https://kv.vault.azure.net/secrets/ckn",
                "cakSecretIdentifier": "https://kv.vault.azure.net/secrets/cak",
                "cipher": "GcmAes256"
              }
            }
          }
        ]
      }
    }
  ]
}
)";
    s.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "json"}, {"version", 1}, {"text", text}}}});
    auto titles = action_titles(s, uri, "ER-DP-002");
    CHECK(std::find(titles.begin(), titles.end(), "Use the XPN cipher GcmAesXpn128") == titles.end());
    json after = apply_fix(s, uri, "ER-DP-002", "Use the XPN cipher GcmAesXpn256", 2);
    CHECK(with_code(after, "ER-DP-002").empty());
  }
}

TEST_CASE("documents: URIs and UTF-16 edits") {
  using erlint::lsp::apply_edit;
  CHECK(erlint::lsp::uri_to_path("file:///a%20b/c.bicep") == "/a b/c.bicep");
  CHECK(erlint::lsp::uri_to_path("file://localhost/x/./y.tf") == "/x/y.tf");
  CHECK_FALSE(erlint::lsp::uri_to_path("untitled:Untitled-1").has_value());
  CHECK(erlint::lsp::path_to_uri("/a b/c.bicep") == "file:///a%20b/c.bicep");
  // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 UTF-16 units.
  std::string text = "a\xC3\xA9\xF0\x9F\x98\x80z\r\nsecond\n";
  apply_edit(text, 0, 4, 0, 5, "Z");  // replaces "z"
  CHECK(text == "a\xC3\xA9\xF0\x9F\x98\x80Z\r\nsecond\n");
  apply_edit(text, 0, 2, 0, 4, "");  // removes the emoji
  CHECK(text == "a\xC3\xA9Z\r\nsecond\n");
  apply_edit(text, 0, 99, 1, 0, " ");  // past the end of the line: before "\r\n"
  CHECK(text == "a\xC3\xA9Z second\n");
  apply_edit(text, 7, 0, 7, 0, "end");  // past the last line: the end of the text
  CHECK(text == "a\xC3\xA9Z second\nend");
}

TEST_CASE("debounced mode: a worker analyses once edits pause and publishes only the current version") {
  TempFolder folder("debounce");
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<json> sent;
  std::ostringstream log;
  erlint::lsp::ServerOptions options;
  options.debounce = std::chrono::milliseconds(400);  // far longer than the three handle() calls take
  Server server(analyzer(), [&](const json& m) {
    std::lock_guard lock(mutex);
    sent.push_back(m);
    arrived.notify_all();
  }, log, options);
  auto wait_for_publish = [&](std::int64_t version) {
    std::unique_lock lock(mutex);
    return arrived.wait_for(lock, std::chrono::seconds(30), [&] {
      return std::any_of(sent.begin(), sent.end(), [&](const json& m) {
        return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"].value("version", -1) == version;
      });
    });
  };
  server.handle(request(1, "initialize", {{"rootUri", erlint::lsp::path_to_uri(folder.path.string())}, {"capabilities", json::object()}}));
  std::string uri = erlint::lsp::path_to_uri((folder.path / "main.bicep").string());
  server.handle(notification("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "bicep"}, {"version", 1}, {"text", kGatewayBicep}}}}));
  // Two quick edits: only the last version's results may be published.
  for (int version : {2, 3})
    server.handle(notification("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version}}},
                                                          {"contentChanges", json::array({{{"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
                                                                                           {"text", "\n"}}})}}));
  REQUIRE(wait_for_publish(3));
  std::lock_guard lock(mutex);
  std::vector<json> published;
  for (const json& m : sent)
    if (m.value("method", "") == "textDocument/publishDiagnostics") published.push_back(m["params"]);
  REQUIRE(published.size() == 1);
  auto findings = with_code(published[0]["diagnostics"], "ER-NS-001");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["range"]["start"]["line"] == 17);  // two lines inserted above
}

TEST_CASE("a second initialize is an invalid request") {
  Session s;
  s.initialize(fs::temp_directory_path());
  CHECK(s.call(2, "initialize", {{"capabilities", json::object()}})["error"]["code"] == -32600);
}

TEST_CASE("server: a broken .erlint.yaml is shown on itself, and cleared once fixed") {
  TempFolder folder("config");
  fs::path config = folder.path / ".erlint.yaml";
  {
    std::ofstream out(config);
    out << "rules:\n  ER-XX-999: { enabled: false }\n";
  }
  Session s;
  s.initialize(folder.path);
  std::string uri = erlint::lsp::path_to_uri((folder.path / "main.bicep").string());
  std::string config_uri = erlint::lsp::path_to_uri(config.string());
  s.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "bicep"}, {"version", 1}, {"text", kGatewayBicep}}}});
  REQUIRE(s.latest.count(config_uri));
  auto errors = with_code(s.latest[config_uri], "ERR-CONFIG");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]["range"]["start"]["line"] == 1);
  CHECK(errors[0]["message"].get<std::string>().find("ER-XX-999") != std::string::npos);
  CHECK(with_code(s.latest[uri], "ER-NS-001").empty());  // the analysis stopped

  {
    std::ofstream out(config);
    out << "rules:\n  ER-NS-007: { enabled: false }\n";
  }
  s.notify("workspace/didChangeWatchedFiles", {{"changes", json::array({{{"uri", config_uri}, {"type", 2}}})}});
  CHECK(s.latest[config_uri].empty());
  CHECK(with_code(s.latest[uri], "ER-NS-001").size() == 1);
}

TEST_CASE("document trees: an incremental parse after edits equals a fresh parse") {
  using erlint::lsp::DocumentTrees;
  using erlint::syntax::Grammar;
  using erlint::syntax::Parser;
  auto sexp = [](const erlint::syntax::Tree& tree) {
    char* text = ts_node_string(ts_tree_root_node(tree.get()));
    std::string out = text;
    std::free(text);
    return out;
  };
  struct Edit {
    std::size_t begin, end;
    std::string text;
  };
  for (auto [grammar, text, path] : {std::tuple{Grammar::Bicep, std::string(kGatewayBicep), std::string("/w/main.bicep")},
                                     std::tuple{Grammar::Hcl, std::string("resource \"a\" \"b\" {\n  name = \"x\"\n  tags = { a = 1 }\n}\n"),
                                                std::string("/w/main.tf")}}) {
    Parser parser(grammar);
    DocumentTrees trees;
    trees.set_open(path, true);
    {  // the first analysis: nothing to re-use; it keeps its tree
      DocumentTrees::Snapshot first;
      trees.fill(first);
      CHECK(first.take(path, text) == nullptr);
      first.keep(path, text, parser.parse(text, std::chrono::seconds(5)).tree);
      trees.adopt(first, [](const std::string&) { return true; });
    }
    // Typing, deleting, a multi-line paste and a syntax error, each applied to the text and the tree.
    std::vector<Edit> edits{{text.size() / 2, text.size() / 2, "x"},
                            {text.size() / 3, text.size() / 3 + 2, ""},
                            {10, 10, "\n// pasted\n  \n"},
                            {text.size() / 4, text.size() / 4, "{{"}};
    for (const Edit& edit : edits) {
      trees.edit(path, text, edit.begin, edit.end, edit.text);
      text.replace(edit.begin, edit.end - edit.begin, edit.text);
      DocumentTrees::Snapshot next;
      trees.fill(next);
      erlint::syntax::Tree old = next.take(path, text);
      REQUIRE(old != nullptr);
      erlint::syntax::Tree incremental = parser.parse(text, std::chrono::seconds(5), old.get()).tree;
      erlint::syntax::Tree fresh = parser.parse(text, std::chrono::seconds(5)).tree;
      REQUIRE(incremental);
      REQUIRE(fresh);
      CHECK(sexp(incremental) == sexp(fresh));
      next.keep(path, text, std::move(incremental));
      trees.adopt(next, [](const std::string&) { return true; });
    }
    // A file that is not open keeps its tree only for the same text.
    trees.set_open(path, false);
    DocumentTrees::Snapshot disk;
    disk.keep(path, text, parser.parse(text, std::chrono::seconds(5)).tree);
    trees.adopt(disk, [](const std::string&) { return true; });
    DocumentTrees::Snapshot same, changed;
    trees.fill(same);
    trees.fill(changed);
    CHECK(same.take(path, text) != nullptr);
    CHECK(changed.take(path, text + " ") == nullptr);
  }
}
