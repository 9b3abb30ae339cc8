#include "core/directory.h"

#include <windows.h>

#include <algorithm>
#include <cctype>

#include "core/calendar.h"
#include "core/file.h"
#include "posix/dir_sys.h"

namespace winipc {

uint64_t FileTimeFromTimespec(const struct timespec& t) {
  const int64_t ticks = static_cast<int64_t>(t.tv_sec) * static_cast<int64_t>(kTicksPerSecond) + t.tv_nsec / 100 +
                        static_cast<int64_t>(kUnixEpochAsFileTime);
  return ticks < 0 ? 0 : static_cast<uint64_t>(ticks);
}

struct timespec TimespecFromFileTime(uint64_t ticks) {
  const int64_t since_epoch = static_cast<int64_t>(ticks) - static_cast<int64_t>(kUnixEpochAsFileTime);
  int64_t seconds = since_epoch / static_cast<int64_t>(kTicksPerSecond);
  int64_t rest = since_epoch % static_cast<int64_t>(kTicksPerSecond);
  if (rest < 0) rest += kTicksPerSecond, seconds -= 1;
  struct timespec t;
  t.tv_sec = static_cast<time_t>(seconds);
  t.tv_nsec = static_cast<long>(rest * 100);
  return t;
}

FileFacts FactsFromStat(const struct stat& st) {
  FileFacts facts;
  if (S_ISDIR(st.st_mode)) {
    facts.attributes = FILE_ATTRIBUTE_DIRECTORY;
  } else {
    facts.attributes = FILE_ATTRIBUTE_ARCHIVE;
    facts.size = static_cast<uint64_t>(st.st_size);
    if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))) facts.attributes |= FILE_ATTRIBUTE_READONLY;
  }
  facts.last_write = FileTimeFromTimespec(st.st_mtim);
  facts.last_access = FileTimeFromTimespec(st.st_atim);
  facts.creation = facts.last_write;
  facts.links = st.st_nlink;
  facts.device = st.st_dev;
  facts.index = st.st_ino;
  return facts;
}

Status CreateDirectoryAt(const std::string& windows_path) {
  auto native = NativePath(windows_path);
  if (!native.ok()) return native.status();
  return posix::MakeDirectory(native.value());
}

Status RemoveDirectoryAt(const std::string& windows_path) {
  auto native = NativePath(windows_path);
  if (!native.ok()) return native.status();
  return posix::RemoveDirectoryPath(native.value());
}

Status SetCurrentDirectoryTo(const std::string& windows_path) {
  auto native = NativePath(windows_path);
  if (!native.ok()) return native.status();
  return posix::ChangeDirectory(native.value());
}

Result<FileFacts> FactsOfPath(const std::string& windows_path) {
  auto native = NativePath(windows_path);
  if (!native.ok()) return native.status();
  auto st = posix::StatPath(native.value());
  if (!st.ok()) return st.status();
  return FactsFromStat(st.value());
}

Status SetAttributesAt(const std::string& windows_path, uint32_t attributes) {
  auto native = NativePath(windows_path);
  if (!native.ok()) return native.status();
  auto st = posix::StatPath(native.value());
  if (!st.ok()) return st.status();
  if (S_ISDIR(st->st_mode)) return Status::Ok();  // Windows' read-only bit does not stop writes to a directory
  mode_t mode = st->st_mode & 07777;
  if (attributes & FILE_ATTRIBUTE_READONLY) {
    mode &= ~static_cast<mode_t>(S_IWUSR | S_IWGRP | S_IWOTH);
  } else if (!(mode & (S_IWUSR | S_IWGRP | S_IWOTH))) {
    mode |= S_IWUSR;
  }
  if (mode == (st->st_mode & 07777)) return Status::Ok();
  return posix::ChangeMode(native.value(), mode);
}

std::string FullPathOf(const std::string& cwd, const std::string& path) {
  std::string joined = WithSlashes(path);
  if (joined.empty() || joined[0] != '/') joined = cwd + "/" + joined;
  const bool trailing = joined.size() > 1 && joined.back() == '/';
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    const std::string part = joined.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string full;
  for (const std::string& part : parts) full += "/" + part;
  if (full.empty()) return "/";
  if (trailing) full += "/";
  return full;
}

size_t FilePartOffset(const std::string& full_path) {
  const size_t slash = full_path.find_last_of('/');
  if (slash == std::string::npos) return 0;
  if (slash + 1 == full_path.size()) return std::string::npos;
  return slash + 1;
}

Status CopyPath(const std::string& from, const std::string& to, bool fail_if_exists) {
  auto source = NativePath(from);
  if (!source.ok()) return source.status();
  auto target = NativePath(to);
  if (!target.ok()) return target.status();
  return posix::CopyFileContents(source.value(), target.value(), fail_if_exists);
}

Status MovePath(const std::string& from, const std::string& to, bool replace_existing) {
  auto source = NativePath(from);
  if (!source.ok()) return source.status();
  auto target = NativePath(to);
  if (!target.ok()) return target.status();
  return posix::RenamePath(source.value(), target.value(), replace_existing);
}

namespace {

bool SameLetter(char a, char b) {
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

// Backtracking over the last '*': linear enough for file names.
bool Match(const std::string& pattern, const std::string& name) {
  size_t p = 0, n = 0, star = std::string::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || SameLetter(pattern[p], name[n]))) {
      ++p, ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool MatchesWildcard(const std::string& pattern, const std::string& name) {
  if (pattern == "*.*") return true;
  return Match(pattern, name);
}

Result<std::vector<FoundEntry>> FindEntries(const std::string& windows_pattern) {
  const std::string pattern = WithSlashes(windows_pattern);
  const size_t slash = pattern.find_last_of('/');
  const std::string directory = slash == std::string::npos ? "." : slash == 0 ? "/" : pattern.substr(0, slash);
  const std::string last = slash == std::string::npos ? pattern : pattern.substr(slash + 1);
  if (last.empty()) return Status(ERROR_FILE_NOT_FOUND);  // "dir\": Windows names no entry
  // The directory part must be a valid path; the last part may hold the wildcards CheckPath refuses.
  std::string checked = directory;
  if (last.find_first_of("*?") == std::string::npos) checked = pattern;
  auto native = NativePath(checked == "/" ? "/" : checked);
  if (!native.ok()) return native.status();
  if (last.find_first_of("<>|\"") != std::string::npos) return Status(ERROR_INVALID_NAME);
  auto names = posix::ListDirectory(directory);
  if (!names.ok()) return names.status().code() == ERROR_FILE_NOT_FOUND ? Status(ERROR_PATH_NOT_FOUND)
                                                                         : names.status();
  std::vector<std::string> matched;
  const bool wild = last.find_first_of("*?") != std::string::npos;
  for (const std::string& name : names.value()) {
    if (wild ? MatchesWildcard(last, name) : name == last) matched.push_back(name);
  }
  std::sort(matched.begin(), matched.end(), [](const std::string& a, const std::string& b) {
    const bool a_dots = a == "." || a == "..", b_dots = b == "." || b == "..";
    if (a_dots != b_dots) return a_dots;
    return a < b;
  });
  std::vector<FoundEntry> found;
  for (const std::string& name : matched) {
    auto st = posix::StatPath(directory == "/" ? "/" + name : directory + "/" + name);
    if (!st.ok()) continue;  // gone since the listing, or a dangling symlink
    found.push_back({name, FactsFromStat(st.value())});
  }
  if (found.empty()) return Status(ERROR_FILE_NOT_FOUND);
  return found;
}

}  // namespace winipc
