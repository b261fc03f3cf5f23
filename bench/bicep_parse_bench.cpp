// Bicep parse benchmark for erlint's tree-sitter grammar (grammars/bicep).
//
//   bicep_parse_bench [--list-errors] [--repeat N] [--timeout-ms N] [DIR]
//
// Parses every .bicep and .bicepparam file under DIR (default: ../shared/corpus
// next to the repository) and prints the number of files, the size, the
// parse-only throughput on one core, the files whose tree has ERROR or MISSING
// nodes (files under a folder whose name starts with "Invalid" are counted
// apart: they are the Bicep compiler's deliberately invalid samples) and the
// slowest file. It then parses generated hard inputs (long line, deep nesting,
// many small objects, unterminated constructs) and prints the time of each.
//
// Every parse runs with a progress callback that cancels it after the timeout
// (default 5000 ms), so a pathological input is reported instead of hanging.
// Exit status: 0 when every required hard input parsed within 1 s of CPU time,
// 1 otherwise, 2 on usage errors.

#include <tree_sitter/api.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" const TSLanguage *tree_sitter_bicep(void);

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

#ifndef ERLINT_SOURCE_DIR
#define ERLINT_SOURCE_DIR "."
#endif

namespace {

struct Deadline {
  Clock::time_point end;
  bool expired = false;
};

bool progress(TSParseState *state) {
  auto *deadline = static_cast<Deadline *>(state->payload);
  if (Clock::now() >= deadline->end) {
    deadline->expired = true;
    return true;  // cancel
  }
  return false;
}

// CPU time of the calling thread: the parse-only cost on one core, unaffected
// by other processes competing for the machine.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct ParseResult {
  double seconds = 0;      // CPU time
  double wall_seconds = 0;
  bool timed_out = false;
  bool has_error = false;
  uint32_t error_row = 0;  // 0-based
  uint32_t error_column = 0;
};

struct StringInput {
  std::string_view text;
};

const char *read_string(void *payload, uint32_t byte_index, TSPoint, uint32_t *bytes_read) {
  auto *input = static_cast<StringInput *>(payload);
  if (byte_index >= input->text.size()) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = static_cast<uint32_t>(input->text.size() - byte_index);
  return input->text.data() + byte_index;
}

// First ERROR or MISSING node in document order, found without recursion
// (trees of deeply nested input are deep).
std::optional<TSPoint> first_error(TSNode root) {
  if (!ts_node_has_error(root)) return std::nullopt;
  TSNode node = root;
  for (;;) {
    if (ts_node_is_error(node) || ts_node_is_missing(node)) return ts_node_start_point(node);
    uint32_t count = ts_node_child_count(node);
    bool descended = false;
    for (uint32_t i = 0; i < count; i++) {
      TSNode child = ts_node_child(node, i);
      if (ts_node_has_error(child)) {
        node = child;
        descended = true;
        break;
      }
    }
    if (!descended) return ts_node_start_point(node);
  }
}

ParseResult parse(TSParser *parser, std::string_view text, double timeout_seconds) {
  ParseResult result;
  Deadline deadline;
  deadline.end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(timeout_seconds));
  StringInput input{text};
  TSInput ts_input{};
  ts_input.payload = &input;
  ts_input.read = read_string;
  ts_input.encoding = TSInputEncodingUTF8;
  TSParseOptions options{};
  options.payload = &deadline;
  options.progress_callback = progress;

  auto start = Clock::now();
  double cpu_start = thread_cpu_seconds();
  TSTree *tree = ts_parser_parse_with_options(parser, nullptr, ts_input, options);
  result.seconds = thread_cpu_seconds() - cpu_start;
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (tree == nullptr) {
    result.timed_out = true;
    ts_parser_reset(parser);
    return result;
  }
  if (auto point = first_error(ts_tree_root_node(tree))) {
    result.has_error = true;
    result.error_row = point->row;
    result.error_column = point->column;
  }
  ts_tree_delete(tree);
  return result;
}

bool read_file(const fs::path &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = std::move(buffer).str();
  return true;
}

bool under_invalid_folder(const fs::path &relative) {
  for (auto it = relative.begin(); it != relative.end(); ++it) {
    if (std::next(it) == relative.end()) break;  // the file name itself
    if (it->string().rfind("Invalid", 0) == 0) return true;
  }
  return false;
}

struct HardInput {
  std::string name;
  std::string text;
  bool required = true;  // must parse within 1 s; the others are informative
};

std::string repeat(std::string_view unit, size_t times) {
  std::string s;
  s.reserve(unit.size() * times);
  for (size_t i = 0; i < times; i++) s.append(unit);
  return s;
}

std::vector<HardInput> hard_inputs() {
  constexpr size_t two_mb = 2 * 1024 * 1024;
  constexpr size_t depth = 100000;
  std::vector<HardInput> inputs;

  {
    // One 2 MB line: an array of numbers and strings on a single line.
    std::string s = "var long = [";
    while (s.size() < two_mb) s += "1, 'abc', x.y, ";
    s += "0]\n";
    inputs.push_back({"one 2 MB line", std::move(s)});
  }
  inputs.push_back({"100,000-deep [", "var x = " + repeat("[", depth) + repeat("]", depth) + "\n"});
  inputs.push_back({"100,000-deep (", "var x = " + repeat("(", depth) + "1" + repeat(")", depth) + "\n"});
  inputs.push_back({"100,000-deep {", "var x = " + repeat("{a:", depth) + "1" + repeat("}", depth) + "\n"});
  inputs.push_back({"100,000-deep [({ unbalanced", "var x = " + repeat("[({", depth) + "\n"});
  {
    std::string s = "var objects = [\n";
    for (int i = 0; i < 50000; i++) s += "  { a: 1, b: 'x' }\n";
    s += "]\n";
    inputs.push_back({"50,000 single-line objects", std::move(s)});
  }
  {
    std::string s = "var s = 'unterminated ";
    while (s.size() < two_mb) s += "abc ${x} def \\n ";
    inputs.push_back({"unterminated string (2 MB line)", std::move(s)});
  }
  const std::string body = "param p string = 'x'\nvar v = { a: [1, 2], b: '${p}' } // c\n";
  {
    std::string s = "var s = 1 /* unterminated comment\n";
    while (s.size() < two_mb) s += body + "/* ";
    inputs.push_back({"unterminated /* comment", std::move(s)});
  }
  {
    std::string s = "var s = '''\nunterminated multi-line string\n";
    while (s.size() < two_mb) s += body + "'' ";
    inputs.push_back({"unterminated ''' string", std::move(s)});
  }
  {
    std::string s;
    while (s.size() < two_mb) s += body;
    inputs.push_back({"2 MB of ordinary statements", std::move(s)});
  }
  {
    // Informative: tree-sitter's error recovery merges consecutive errors into one
    // ERROR node, which is quadratic on input that never parses. This shows that the
    // progress callback cuts such a parse off.
    std::string s;
    while (s.size() < two_mb) s += "}]) ?? :: '${ =>  @ # ''' ";
    inputs.push_back({"2 MB of token soup (extra)", std::move(s), false});
  }
  {
    // Informative, same cause: an unclosed `(` turns the following lines of a long
    // array into one run of errors (inside parentheses line breaks are whitespace).
    std::string s = "var a = [\n  (\n";
    while (s.size() < two_mb / 8) s += "  {}\n";
    s += "]\n";
    inputs.push_back({"unclosed ( then 256 KB of items (extra)", std::move(s), false});
  }
  return inputs;
}

void usage() {
  std::fprintf(stderr,
               "usage: bicep_parse_bench [--list-errors] [--repeat N] [--timeout-ms N] [DIR]\n"
               "  DIR defaults to %s/../shared/corpus\n",
               ERLINT_SOURCE_DIR);
}

}  // namespace

int main(int argc, char **argv) {
  bool list_errors = false;
  int repeat_count = 1;
  double timeout_seconds = 5.0;
  fs::path dir = fs::path(ERLINT_SOURCE_DIR) / ".." / "shared" / "corpus";
  for (int i = 1; i < argc; i++) {
    std::string_view arg = argv[i];
    if (arg == "--list-errors") {
      list_errors = true;
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat_count = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--timeout-ms" && i + 1 < argc) {
      timeout_seconds = std::max(1, std::atoi(argv[++i])) / 1000.0;
    } else if (arg == "-h" || arg == "--help") {
      usage();
      return 0;
    } else if (!arg.empty() && arg[0] == '-') {
      usage();
      return 2;
    } else {
      dir = arg;
    }
  }

  TSParser *parser = ts_parser_new();
  if (!ts_parser_set_language(parser, tree_sitter_bicep())) {
    std::fprintf(stderr, "error: the Bicep grammar's ABI is not supported by this tree-sitter runtime\n");
    return 2;
  }

  // ---- corpus -------------------------------------------------------------
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::fprintf(stderr, "note: corpus directory %s not found; only the hard inputs are run\n",
                 dir.string().c_str());
  } else {
    struct File {
      fs::path relative;
      std::string text;
      bool invalid_folder;
    };
    std::vector<File> files;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file(ec)) continue;
      auto ext = it->path().extension();
      if (ext != ".bicep" && ext != ".bicepparam") continue;
      File f;
      f.relative = fs::relative(it->path(), dir, ec);
      if (!read_file(it->path(), f.text)) continue;
      f.invalid_folder = under_invalid_folder(f.relative);
      files.push_back(std::move(f));
    }
    std::sort(files.begin(), files.end(), [](const File &a, const File &b) { return a.relative < b.relative; });

    size_t bytes = 0, valid_files = 0, valid_bytes = 0;
    size_t errors = 0, invalid_files = 0, invalid_errors = 0, timeouts = 0;
    double total = 0, slowest = -1;
    const File *slowest_file = nullptr;
    std::vector<std::string> error_lines;
    for (int round = 0; round < repeat_count; round++) {
      for (const File &f : files) {
        ParseResult r = parse(parser, f.text, timeout_seconds);
        total += r.seconds;
        if (round > 0) continue;
        bytes += f.text.size();
        if (r.seconds > slowest) {
          slowest = r.seconds;
          slowest_file = &f;
        }
        if (f.invalid_folder) {
          invalid_files++;
          if (r.has_error || r.timed_out) invalid_errors++;
          continue;
        }
        valid_files++;
        valid_bytes += f.text.size();
        if (r.timed_out) {
          timeouts++;
          errors++;
          error_lines.push_back(f.relative.string() + ": parse cancelled after timeout");
        } else if (r.has_error) {
          errors++;
          error_lines.push_back(f.relative.string() + ":" + std::to_string(r.error_row + 1) + ":" +
                                std::to_string(r.error_column + 1));
        }
      }
    }
    double mb = bytes / (1024.0 * 1024.0);
    double seconds = total / repeat_count;
    std::printf("corpus: %s\n", dir.string().c_str());
    std::printf("files: %zu (%zu outside Invalid* folders, %zu inside)\n", files.size(), valid_files,
                invalid_files);
    std::printf("size: %.2f MB\n", mb);
    std::printf("parse time (CPU): %.3f s, %.1f MB/s on one core\n", seconds, seconds > 0 ? mb / seconds : 0.0);
    std::printf("files with ERROR/MISSING nodes outside Invalid* folders: %zu of %zu (%.2f%% clean)\n", errors,
                valid_files, valid_files ? 100.0 * (valid_files - errors) / valid_files : 100.0);
    if (timeouts) std::printf("  of which cancelled after %.1f s: %zu\n", timeout_seconds, timeouts);
    std::printf("files with ERROR/MISSING nodes inside Invalid* folders: %zu of %zu\n", invalid_errors,
                invalid_files);
    if (slowest_file)
      std::printf("slowest file: %s (%.2f ms, %zu bytes)\n", slowest_file->relative.string().c_str(),
                  slowest * 1000, slowest_file->text.size());
    if (list_errors)
      for (const auto &line : error_lines) std::printf("  error: %s\n", line.c_str());
  }

  // ---- hard inputs --------------------------------------------------------
  bool all_fast = true;
  std::printf("hard inputs (limit 1 s of CPU each; \"extra\" ones are informative):\n");
  for (const HardInput &h : hard_inputs()) {
    ParseResult r = parse(parser, h.text, timeout_seconds);
    bool fast = !r.timed_out && r.seconds <= 1.0;
    if (h.required) all_fast = all_fast && fast;
    std::printf("  %-34s %8.1f KB %9.2f ms cpu %9.2f ms wall  %s%s\n", h.name.c_str(), h.text.size() / 1024.0,
                r.seconds * 1000, r.wall_seconds * 1000, r.timed_out ? "CANCELLED" : (r.has_error ? "errors reported" : "clean"),
                fast ? "" : (h.required ? "  TOO SLOW" : "  (over 1 s)"));
  }

  ts_parser_delete(parser);
  return all_fast ? 0 : 1;
}
