// A plain text table for the terminal: columns padded to their widest cell,
// numbers right-aligned. Rows are kept in insertion order.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace tapedeck::cli {

class TextTable {
 public:
  // `right_aligned[i]` says whether column i holds numbers.
  TextTable(std::vector<std::string> header, std::vector<bool> right_aligned);

  // Requires: as many cells as header columns.
  void AddRow(std::vector<std::string> cells);
  void Print(std::ostream& out) const;
  size_t size() const { return rows_.size(); }

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_aligned_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace tapedeck::cli
