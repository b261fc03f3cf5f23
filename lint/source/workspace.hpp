#pragma once
// Finds the files erlint reads, from the paths given on the command line or by the editor,
// and reads them with the limits that keep a run bounded.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "source/file_kind.hpp"
#include "support/tool_error.hpp"

namespace erlint {

struct DiscoveredFile {
  std::string path;
  FileKind kind = FileKind::Unknown;  // Unknown for .json until the content is read
  bool explicitly_named = false;      // named on the command line rather than found in a folder
};

struct DiscoveryOptions {
  std::vector<std::string> exclude_dirs{".git", "node_modules", ".terraform"};
};

// Walks the given files and folders (symlink loops are detected, not followed twice). Paths that do
// not exist become ERR-IO errors. Output is sorted so that runs are deterministic.
std::vector<DiscoveredFile> discover_files(const std::vector<std::string>& paths, const DiscoveryOptions& options,
                                           std::vector<ToolError>& errors);

struct ReadLimits {
  std::uint64_t max_file_bytes = 8u * 1024u * 1024u;
};

// Reads a whole file. Refuses (with an error that says why) files over the size limit, binary
// files (NUL bytes) and UTF-16 files. Invalid UTF-8 is reported as a warning; the file is still read.
std::optional<std::string> read_source_file(const std::string& path, const ReadLimits& limits,
                                            std::vector<ToolError>& errors);

// The first invalid UTF-8 sequence's byte offset, or npos.
size_t find_invalid_utf8(std::string_view text);

}  // namespace erlint
