// A fresh folder for one test, removed when the object goes away.
#pragma once

#include <filesystem>
#include <string_view>

namespace tapedeck::testkit {

class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to a file in the folder and returns its path.
  std::filesystem::path Write(std::string_view name, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace tapedeck::testkit
