// lint/source: positions (1-based line/column, UTF-16 columns for the editor), BOM and CRLF,
// file kinds, workspace discovery and reading files within limits.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "source/file_kind.hpp"
#include "source/source_file.hpp"
#include "source/workspace.hpp"

namespace fs = std::filesystem;
using erlint::DiscoveredFile;
using erlint::DiscoveryOptions;
using erlint::ErrorCode;
using erlint::FileKind;
using erlint::Position;
using erlint::ReadLimits;
using erlint::SourceFile;
using erlint::SourceManager;
using erlint::ToolError;

namespace {

// A fresh folder under the system temp folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() /
           ("erlint-source-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  fs::path write(const std::string& relative, const std::string& content) const {
    fs::path file = path / relative;
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << content;
    return file;
  }
};

std::vector<std::string> relative_paths(const std::vector<DiscoveredFile>& files, const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(fs::path(f.path).lexically_relative(root).generic_string());
  return out;
}

}  // namespace

TEST_CASE("positions are 1-based lines and byte columns", "[source][position]") {
  SourceManager sources;
  const SourceFile& file = sources.add("main.tf", "ab\ncd\n\nlast", FileKind::Terraform);
  CHECK(file.line_count() == 4);

  Position p = file.position(0);
  CHECK(p.line == 1);
  CHECK(p.column == 1);
  CHECK(p.utf16_column == 0);

  p = file.position(2);  // the '\n' of line 1
  CHECK(p.line == 1);
  CHECK(p.column == 3);

  p = file.position(3);  // 'c'
  CHECK(p.line == 2);
  CHECK(p.column == 1);

  p = file.position(6);  // the empty line 3
  CHECK(p.line == 3);
  CHECK(p.column == 1);

  p = file.position(9);  // 's' of "last"
  CHECK(p.line == 4);
  CHECK(p.column == 3);
  CHECK(p.utf16_column == 2);

  SECTION("an offset past the end clamps to the end") {
    Position end = file.position(1000);
    CHECK(end.line == 4);
    CHECK(end.column == 5);
  }
  SECTION("line text") {
    CHECK(file.line_text(1) == "ab");
    CHECK(file.line_text(2) == "cd");
    CHECK(file.line_text(3) == "");
    CHECK(file.line_text(4) == "last");
    CHECK(file.line_text(0) == "");
    CHECK(file.line_text(5) == "");
  }
  SECTION("ranges carry the file id") {
    auto r = file.range(3, 5);
    CHECK(r.file == file.id());
    CHECK(r.begin == 3);
    CHECK(r.end == 5);
    CHECK(r.valid());
    CHECK_FALSE(erlint::Range{}.valid());
  }
}

TEST_CASE("UTF-16 columns count multi-byte and 4-byte characters", "[source][position][utf16]") {
  SourceManager sources;
  // "é" is 2 bytes / 1 unit, "€" 3 bytes / 1 unit, "😀" 4 bytes / 2 units (a surrogate pair).
  const std::string text = "x = \"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\" # y\nz";
  const SourceFile& file = sources.add("main.tf", text, FileKind::Terraform);
  const std::uint32_t quote = 4;
  const std::uint32_t after_e_acute = quote + 1 + 2;
  const std::uint32_t after_euro = after_e_acute + 3;
  const std::uint32_t after_emoji = after_euro + 4;
  CHECK(text.substr(after_emoji, 1) == "\"");

  CHECK(file.position(quote + 1).utf16_column == 5);
  CHECK(file.position(after_e_acute).utf16_column == 6);
  CHECK(file.position(after_e_acute).column == after_e_acute + 1);
  CHECK(file.position(after_euro).utf16_column == 7);
  CHECK(file.position(after_emoji).utf16_column == 9);
  CHECK(file.position(after_emoji).column == after_emoji + 1);
  CHECK(file.position(after_emoji + 2).utf16_column == 11);  // '#'

  SECTION("offset_from_utf16 inverts position()") {
    for (std::uint32_t offset : {0u, quote, quote + 1, after_e_acute, after_euro, after_emoji, after_emoji + 2}) {
      INFO(offset);
      Position p = file.position(offset);
      CHECK(file.offset_from_utf16(p.line - 1, p.utf16_column) == offset);
    }
    // Second line, 0-based line 1.
    CHECK(file.offset_from_utf16(1, 0) == text.size() - 1);
  }
  SECTION("columns past the end of a line or lines past the end clamp") {
    CHECK(file.offset_from_utf16(0, 1000) == text.find('\n'));
    CHECK(file.offset_from_utf16(1, 1000) == text.size());
    CHECK(file.offset_from_utf16(7, 0) == text.size());
  }
}

TEST_CASE("a UTF-8 byte-order mark is stripped; offsets are relative to the text after it", "[source][bom]") {
  SourceManager sources;
  const SourceFile& file = sources.add("a.bicep", "\xEF\xBB\xBFparam x string\n", FileKind::Bicep);
  CHECK(file.had_bom());
  CHECK(file.text() == "param x string\n");
  CHECK(file.position(0).column == 1);
  CHECK(file.line_text(1) == "param x string");

  const SourceFile& plain = sources.add("b.bicep", "param y string\n", FileKind::Bicep);
  CHECK_FALSE(plain.had_bom());
  CHECK(plain.text() == "param y string\n");
}

TEST_CASE("CRLF line endings", "[source][crlf]") {
  SourceManager sources;
  const SourceFile& file = sources.add("main.tf", "a = 1\r\nbb = 2\r\n\r\nc", FileKind::Terraform);
  CHECK(file.line_count() == 4);
  CHECK(file.line_text(1) == "a = 1");
  CHECK(file.line_text(2) == "bb = 2");
  CHECK(file.line_text(3) == "");
  CHECK(file.line_text(4) == "c");
  CHECK(file.position(7).line == 2);
  CHECK(file.position(7).column == 1);
  // The end of a CRLF line is before the '\r' for an editor.
  CHECK(file.offset_from_utf16(0, 100) == 5);
  CHECK(file.offset_from_utf16(1, 100) == 13);
}

TEST_CASE("the source manager hands out ids and finds files by path", "[source]") {
  SourceManager sources;
  const SourceFile& a = sources.add("a.tf", "", FileKind::Terraform);
  const SourceFile& b = sources.add("dir/b.json", "{}", FileKind::ArmTemplate);
  CHECK(a.id() == 0);
  CHECK(b.id() == 1);
  CHECK(sources.size() == 2);
  CHECK(sources.file(1) == &b);
  CHECK(sources.file(2) == nullptr);
  CHECK(sources.file(erlint::kNoFile) == nullptr);
  CHECK(sources.find("dir/b.json") == &b);
  CHECK(sources.find("b.json") == nullptr);
  CHECK(b.kind() == FileKind::ArmTemplate);
  CHECK(b.path() == "dir/b.json");
  // An empty file has one (empty) line.
  CHECK(a.line_count() == 1);
  CHECK(a.line_text(1) == "");
  CHECK(a.position(0).line == 1);
}

TEST_CASE("file kinds from the name", "[source][kind]") {
  using erlint::kind_from_path;
  CHECK(kind_from_path("main.bicep") == FileKind::Bicep);
  CHECK(kind_from_path("dir/MAIN.BICEP") == FileKind::Bicep);
  CHECK(kind_from_path("main.bicepparam") == FileKind::BicepParams);
  CHECK(kind_from_path("main.tf") == FileKind::Terraform);
  CHECK(kind_from_path("terraform.tfvars") == FileKind::TerraformVars);
  CHECK(kind_from_path("prod.auto.tfvars") == FileKind::TerraformVars);
  CHECK(kind_from_path("azuredeploy.json") == FileKind::Unknown);  // needs the content
  CHECK(kind_from_path("README.md") == FileKind::Unknown);
  CHECK(kind_from_path("main.tf.bak") == FileKind::Unknown);
  CHECK(kind_from_path("tf") == FileKind::Unknown);
  CHECK(erlint::is_json_path("azuredeploy.json"));
  CHECK(erlint::is_json_path("a.JSONC"));
  CHECK_FALSE(erlint::is_json_path("a.json5"));

  CHECK(erlint::file_kind_name(FileKind::Bicep) == "bicep");
  CHECK(erlint::file_kind_name(FileKind::BicepParams) == "bicepparam");
  CHECK(erlint::file_kind_name(FileKind::Terraform) == "terraform");
  CHECK(erlint::file_kind_name(FileKind::TerraformVars) == "tfvars");
  CHECK(erlint::file_kind_name(FileKind::ArmTemplate) == "arm");
  CHECK(erlint::file_kind_name(FileKind::ArmParameters) == "arm-parameters");
  CHECK(erlint::file_kind_name(FileKind::Unknown) == "unknown");
}

TEST_CASE("ARM JSON kinds come from $schema, case-insensitively", "[source][kind]") {
  using erlint::kind_from_json_content;
  CHECK(kind_from_json_content(
            R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"})") ==
        FileKind::ArmTemplate);
  CHECK(kind_from_json_content(
            R"({"$SCHEMA":"https://schema.management.azure.com/schemas/2019-04-01/DEPLOYMENTTEMPLATE.JSON#"})") ==
        FileKind::ArmTemplate);
  CHECK(kind_from_json_content(
            R"({"$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"})") ==
        FileKind::ArmTemplate);
  CHECK(kind_from_json_content(
            R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"})") ==
        FileKind::ArmParameters);
  // Comments and other keys before $schema, whitespace around the colon.
  CHECK(kind_from_json_content("// generated\n{\n  \"contentVersion\": \"1.0.0.0\",\n  \"$schema\"  :\n "
                               "\"https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#\"\n}") ==
        FileKind::ArmTemplate);
  CHECK(kind_from_json_content(R"({"$schema": "http://json-schema.org/draft-07/schema#"})") == FileKind::Unknown);
  CHECK(kind_from_json_content(R"({"name": "package", "version": "1.0.0"})") == FileKind::Unknown);
  CHECK(kind_from_json_content("") == FileKind::Unknown);
  CHECK(kind_from_json_content(R"({"$schema")") == FileKind::Unknown);
  CHECK(kind_from_json_content(R"({"$schema": ")") == FileKind::Unknown);
}

TEST_CASE("discover_files walks folders, skips tool folders and sorts", "[source][discovery]") {
  TempDir dir;
  dir.write("main.tf", "");
  dir.write("b/net.bicep", "");
  dir.write("b/net.bicepparam", "");
  dir.write("a/azuredeploy.json", "{}");
  dir.write("a/terraform.tfvars", "");
  dir.write("a/notes.md", "");
  dir.write(".git/config.json", "{}");
  dir.write("node_modules/pkg/x.bicep", "");
  dir.write(".terraform/modules/m/main.tf", "");
  dir.write("deep/er/still.tf", "");

  std::vector<ToolError> errors;
  auto files = erlint::discover_files({dir.path.string()}, DiscoveryOptions{}, errors);
  CHECK(errors.empty());
  CHECK(relative_paths(files, dir.path) == std::vector<std::string>{"a/azuredeploy.json", "a/terraform.tfvars", "b/net.bicep",
                                                                    "b/net.bicepparam", "deep/er/still.tf", "main.tf"});
  for (const auto& f : files) CHECK_FALSE(f.explicitly_named);
  CHECK(files[0].kind == FileKind::Unknown);  // .json: decided from its content later
  CHECK(files[1].kind == FileKind::TerraformVars);
  CHECK(files[2].kind == FileKind::Bicep);

  SECTION("an explicitly named file is taken whatever its extension, once") {
    std::vector<ToolError> errs;
    auto named = erlint::discover_files({(dir.path / "a/notes.md").string(), (dir.path / "main.tf").string(),
                                         (dir.path / "main.tf").string()},
                                        DiscoveryOptions{}, errs);
    CHECK(errs.empty());
    REQUIRE(named.size() == 2);
    CHECK(named[0].explicitly_named);
    CHECK(named[1].kind == FileKind::Terraform);
  }
  SECTION("custom exclusions") {
    std::vector<ToolError> errs;
    DiscoveryOptions options;
    options.exclude_dirs = {"b", "deep"};
    auto some = erlint::discover_files({dir.path.string()}, options, errs);
    // .git and friends are no longer excluded when the list is replaced.
    auto rel = relative_paths(some, dir.path);
    CHECK(std::find(rel.begin(), rel.end(), "b/net.bicep") == rel.end());
    CHECK(std::find(rel.begin(), rel.end(), "deep/er/still.tf") == rel.end());
    CHECK(std::find(rel.begin(), rel.end(), "main.tf") != rel.end());
  }
}

TEST_CASE("discover_files terminates on a symlink loop and reads each folder once", "[source][discovery]") {
  TempDir dir;
  dir.write("a/b/main.tf", "");
  std::error_code ec;
  fs::create_directory_symlink(dir.path / "a", dir.path / "a/b/loop", ec);
  if (ec) {
    WARN("cannot create a symlink here: " << ec.message());
    return;
  }
  fs::create_directory_symlink(dir.path / "a/b", dir.path / "alias", ec);
  REQUIRE_FALSE(ec);
  std::vector<ToolError> errors;
  auto files = erlint::discover_files({dir.path.string()}, DiscoveryOptions{}, errors);
  CHECK(errors.empty());
  REQUIRE(files.size() == 1);
  CHECK(relative_paths(files, dir.path) == std::vector<std::string>{"a/b/main.tf"});
}

TEST_CASE("a missing path is ERR-IO", "[source][discovery]") {
  TempDir dir;
  dir.write("main.tf", "");
  std::vector<ToolError> errors;
  const std::string missing = (dir.path / "does-not-exist").string();
  auto files = erlint::discover_files({missing, dir.path.string()}, DiscoveryOptions{}, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == ErrorCode::Io);
  CHECK(errors[0].file == missing);
  CHECK_FALSE(errors[0].is_warning);
  CHECK(files.size() == 1);  // the rest is still found
}

TEST_CASE("read_source_file limits and encodings", "[source][read]") {
  TempDir dir;
  std::vector<ToolError> errors;

  SECTION("plain UTF-8 is returned as it is") {
    auto path = dir.write("ok.tf", "name = \"caf\xC3\xA9\"\n");
    auto text = erlint::read_source_file(path.string(), ReadLimits{}, errors);
    REQUIRE(text);
    CHECK(*text == "name = \"caf\xC3\xA9\"\n");
    CHECK(errors.empty());
  }
  SECTION("an empty file is fine") {
    auto path = dir.write("empty.tf", "");
    auto text = erlint::read_source_file(path.string(), ReadLimits{}, errors);
    REQUIRE(text);
    CHECK(text->empty());
    CHECK(errors.empty());
  }
  SECTION("over the size limit: ERR-LIMIT, not read") {
    auto path = dir.write("big.tf", std::string(101, 'x'));
    ReadLimits limits;
    limits.max_file_bytes = 100;
    auto text = erlint::read_source_file(path.string(), limits, errors);
    CHECK_FALSE(text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == ErrorCode::Limit);
    CHECK(errors[0].file == path.string());
    CHECK(errors[0].message.find("100") != std::string::npos);
    errors.clear();
    limits.max_file_bytes = 101;  // exactly at the limit is allowed
    CHECK(erlint::read_source_file(path.string(), limits, errors));
    CHECK(errors.empty());
  }
  SECTION("a NUL byte: a binary file, skipped with a warning") {
    auto path = dir.write("bin.json", std::string("{\"a\":\0}", 7));
    auto text = erlint::read_source_file(path.string(), ReadLimits{}, errors);
    CHECK_FALSE(text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == ErrorCode::Encoding);
    CHECK(errors[0].is_warning);
    CHECK(errors[0].message.find("offset 5") != std::string::npos);
  }
  SECTION("a UTF-16 byte-order mark: ERR-ENCODING") {
    for (std::string bom : {std::string("\xFF\xFE"), std::string("\xFE\xFF")}) {
      errors.clear();
      std::string content = bom + std::string("{\0}\0", 4);
      auto path = dir.write("utf16.json", content);
      auto text = erlint::read_source_file(path.string(), ReadLimits{}, errors);
      CHECK_FALSE(text);
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].code == ErrorCode::Encoding);
      CHECK_FALSE(errors[0].is_warning);
      CHECK(errors[0].message.find("UTF-16") != std::string::npos);
    }
  }
  SECTION("invalid UTF-8: a warning with its position, and the text is still returned") {
    std::string content = "a = 1\nb = \"\xC3\x28\"\n";
    auto path = dir.write("bad.tf", content);
    auto text = erlint::read_source_file(path.string(), ReadLimits{}, errors);
    REQUIRE(text);
    CHECK(*text == content);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == ErrorCode::Encoding);
    CHECK(errors[0].is_warning);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 6);
  }
  SECTION("a missing file: ERR-IO") {
    auto text = erlint::read_source_file((dir.path / "nope.tf").string(), ReadLimits{}, errors);
    CHECK_FALSE(text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == ErrorCode::Io);
  }
  SECTION("a folder is not a file: ERR-IO") {
    fs::create_directories(dir.path / "sub.tf");
    auto text = erlint::read_source_file((dir.path / "sub.tf").string(), ReadLimits{}, errors);
    CHECK_FALSE(text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == ErrorCode::Io);
  }
}

TEST_CASE("find_invalid_utf8", "[source][utf8]") {
  using erlint::find_invalid_utf8;
  constexpr auto npos = std::string_view::npos;
  CHECK(find_invalid_utf8("") == npos);
  CHECK(find_invalid_utf8("plain ascii") == npos);
  CHECK(find_invalid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") == npos);
  CHECK(find_invalid_utf8("\xF4\x8F\xBF\xBF") == npos);    // U+10FFFF
  CHECK(find_invalid_utf8("ab\x80") == 2);                 // a lone continuation byte
  CHECK(find_invalid_utf8("a\xC3") == 1);                  // truncated at the end
  CHECK(find_invalid_utf8("a\xC3x") == 1);                 // bad continuation
  CHECK(find_invalid_utf8("\xC0\x80") == 0);               // overlong NUL
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0);           // overlong '/'
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1);          // a UTF-16 surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);       // above U+10FFFF
  CHECK(find_invalid_utf8("\xF8\x88\x80\x80\x80") == 0);   // 5-byte form
  CHECK(find_invalid_utf8("\xFF") == 0);
}
