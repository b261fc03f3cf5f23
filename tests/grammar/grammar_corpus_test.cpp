// Runs tree-sitter corpus tests for erlint's Bicep grammar through the C API.
//
//   grammar_corpus_test [--verbose] PATH...
//
// Each PATH is a corpus file or a directory of them (*.txt, in tree-sitter's
// test format):
//
//   ==================
//   test name
//   :error                 (optional attribute: the tree must contain an error)
//   ==================
//
//   input
//
//   ---
//
//   (expected S-expression)
//
// The input is everything between the header and the `---` line, without its
// trailing line breaks (CRLF files are kept as they are: their input has CRLF
// line endings). The tree printed by ts_node_string() is compared with the
// expected S-expression after both are normalised (runs of whitespace become
// one space, no space after `(` or before `)`). A line is printed per failure
// (with --verbose, also both full trees) and, at the end, exactly one line
// "N passed, N failed". The exit status is 0
// when every test passed, 1 when one failed, 2 when no test could be run.

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" const TSLanguage *tree_sitter_bicep(void);

namespace fs = std::filesystem;

namespace {

struct TestCase {
  std::string file;
  std::string name;
  std::string input;
  std::string expected;
  bool expect_error = false;
  bool skip = false;
};

struct Line {
  std::string_view text;  // without the line terminator
  size_t begin = 0;       // offset of the first character
  size_t end = 0;         // offset just past the terminator
};

std::vector<Line> split_lines(std::string_view s) {
  std::vector<Line> lines;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    size_t next = nl == std::string_view::npos ? s.size() : nl + 1;
    size_t stop = nl == std::string_view::npos ? s.size() : nl;
    if (stop > pos && s[stop - 1] == '\r') stop--;
    lines.push_back({s.substr(pos, stop - pos), pos, next});
    pos = next;
  }
  return lines;
}

bool is_rule(std::string_view line, char c) {
  size_t n = 0;
  while (n < line.size() && line[n] == c) n++;
  if (n < 3) return false;
  for (size_t i = n; i < line.size(); i++)
    if (line[i] != ' ' && line[i] != '\t') return false;
  return true;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) b++;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) e--;
  return std::string(s.substr(b, e - b));
}

std::string strip_trailing_newlines(std::string_view s) {
  size_t e = s.size();
  while (e > 0 && (s[e - 1] == '\n' || s[e - 1] == '\r')) e--;
  return std::string(s.substr(0, e));
}

std::string normalise(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty() && out.back() != '(' && c != ')') out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Parses one corpus file into test cases; false (with a message) when malformed.
bool read_cases(const fs::path &path, std::vector<TestCase> &cases) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::printf("error: cannot read %s\n", path.string().c_str());
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = std::move(buffer).str();
  const std::vector<Line> lines = split_lines(text);

  size_t i = 0;
  while (i < lines.size() && trim(lines[i].text).empty()) i++;
  while (i < lines.size()) {
    if (!is_rule(lines[i].text, '=')) {
      std::printf("error: %s:%zu: expected a header line of '='\n", path.string().c_str(), i + 1);
      return false;
    }
    TestCase tc;
    tc.file = path.filename().string();
    i++;
    std::string name;
    while (i < lines.size() && !is_rule(lines[i].text, '=')) {
      std::string line = trim(lines[i].text);
      if (line == ":error") {
        tc.expect_error = true;
      } else if (line == ":skip") {
        tc.skip = true;
      } else if (!line.empty() && line[0] == ':') {
        // other tree-sitter attributes (:language, :platform, ...) do not apply here
      } else if (!line.empty()) {
        if (!name.empty()) name += ' ';
        name += line;
      }
      i++;
    }
    if (i >= lines.size()) {
      std::printf("error: %s: unterminated header for '%s'\n", path.string().c_str(), name.c_str());
      return false;
    }
    tc.name = name;
    i++;  // closing header rule
    size_t input_begin = i < lines.size() ? lines[i].begin : text.size();
    while (i < lines.size() && !is_rule(lines[i].text, '-')) i++;
    if (i >= lines.size()) {
      std::printf("error: %s: test '%s' has no '---' line\n", path.string().c_str(), name.c_str());
      return false;
    }
    size_t input_end = lines[i].begin;
    std::string input = text.substr(input_begin, input_end - input_begin);
    // The header is followed by one blank line in the usual layout; tree-sitter
    // drops leading and trailing line breaks around the input.
    size_t lead = 0;
    while (lead < input.size() && (input[lead] == '\n' || input[lead] == '\r')) lead++;
    tc.input = strip_trailing_newlines(std::string_view(input).substr(lead));
    i++;
    size_t expected_begin = i < lines.size() ? lines[i].begin : text.size();
    while (i < lines.size() && !is_rule(lines[i].text, '=')) i++;
    size_t expected_end = i < lines.size() ? lines[i].begin : text.size();
    tc.expected = normalise(std::string_view(text).substr(expected_begin, expected_end - expected_begin));
    cases.push_back(std::move(tc));
  }
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  bool verbose = false;
  std::vector<fs::path> files;
  for (int a = 1; a < argc; a++) {
    std::string_view arg = argv[a];
    if (arg == "--verbose" || arg == "-v") {
      verbose = true;
      continue;
    }
    fs::path p(arg);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto &entry : fs::directory_iterator(p, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::printf("error: %s is not a corpus file or directory\n", p.string().c_str());
      std::printf("0 passed, 1 failed\n");
      return 2;
    }
  }
  if (files.empty()) {
    std::printf("usage: grammar_corpus_test [--verbose] CORPUS_DIR_OR_FILE...\n");
    std::printf("0 passed, 0 failed\n");
    return 2;
  }
  std::sort(files.begin(), files.end());

  std::vector<TestCase> cases;
  bool malformed = false;
  for (const auto &f : files) malformed = !read_cases(f, cases) || malformed;

  TSParser *parser = ts_parser_new();
  if (!ts_parser_set_language(parser, tree_sitter_bicep())) {
    std::printf("error: the Bicep grammar's ABI is not supported by this tree-sitter runtime\n");
    std::printf("0 passed, %zu failed\n", cases.size());
    return 2;
  }

  size_t passed = 0, failed = malformed ? 1 : 0;
  for (const TestCase &tc : cases) {
    if (tc.skip) continue;
    TSTree *tree = ts_parser_parse_string(parser, nullptr, tc.input.data(), static_cast<uint32_t>(tc.input.size()));
    TSNode root = ts_tree_root_node(tree);
    char *sexp = ts_node_string(root);
    std::string actual = normalise(sexp);
    std::free(sexp);
    bool has_error = ts_node_has_error(root);
    ts_tree_delete(tree);

    bool ok = tc.expect_error ? has_error : (actual == tc.expected);
    if (ok) {
      passed++;
      if (verbose) std::printf("ok    %s: %s\n", tc.file.c_str(), tc.name.c_str());
      continue;
    }
    failed++;
    if (tc.expect_error) {
      std::printf("FAIL  %s: %s: expected a syntax error, got %s\n", tc.file.c_str(), tc.name.c_str(),
                  actual.c_str());
    } else {
      // One line: the first difference with some context on both sides.
      size_t at = 0;
      while (at < tc.expected.size() && at < actual.size() && tc.expected[at] == actual[at]) at++;
      size_t from = at > 40 ? at - 40 : 0;
      std::printf("FAIL  %s: %s: trees differ at column %zu: expected \"%s\" but got \"%s\"\n", tc.file.c_str(),
                  tc.name.c_str(), at + 1, tc.expected.substr(from, 100).c_str(), actual.substr(from, 100).c_str());
      if (verbose) std::printf("  expected: %s\n  actual:   %s\n", tc.expected.c_str(), actual.c_str());
    }
  }
  ts_parser_delete(parser);

  std::printf("%zu passed, %zu failed\n", passed, failed);
  if (passed + failed == 0) return 2;
  return failed == 0 ? 0 : 1;
}
