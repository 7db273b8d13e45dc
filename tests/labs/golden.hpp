// Golden files of the labs' first losses: written natively with PRAYOG_WRITE_GOLDEN=1, otherwise
// compared (natively and in wasm) within a relative tolerance. One line per step, one column per
// arm, "%.9g" values; lines starting with '#' are the file's description.
#pragma once

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace prayog::test {

// rows[step][arm]. `header` is the description, each line already starting with "# ".
inline void check_golden(const char* path, const char* header,
                         const std::vector<std::vector<double>>& rows, double rel = 1e-3) {
  const char* write = std::getenv("PRAYOG_WRITE_GOLDEN");
  if (write && std::string(write) == "1") {
    std::FILE* f = std::fopen(path, "w");
    REQUIRE(f != nullptr);
    std::fputs(header, f);
    for (const auto& row : rows) {
      for (std::size_t a = 0; a < row.size(); ++a) std::fprintf(f, a ? " %.9g" : "%.9g", row[a]);
      std::fputc('\n', f);
    }
    std::fclose(f);
    WARN("wrote " << path);
    return;
  }

  std::FILE* f = std::fopen(path, "r");
  INFO("golden file " << path);
  REQUIRE(f != nullptr);
  std::vector<std::vector<double>> golden;
  char line[256];
  while (std::fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    std::vector<double> row;
    char* p = line;
    for (char* end = nullptr;; p = end) {
      const double v = std::strtod(p, &end);
      if (end == p) break;
      row.push_back(v);
    }
    golden.push_back(row);
  }
  std::fclose(f);
  REQUIRE(golden.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    REQUIRE(golden[i].size() == rows[i].size());
    for (std::size_t a = 0; a < rows[i].size(); ++a) {
      INFO("step " << i + 1 << ", column " << a + 1 << ": " << rows[i][a] << " vs golden "
                   << golden[i][a]);
      CHECK(rows[i][a] == Approx(golden[i][a]).epsilon(rel));
    }
  }
}

}  // namespace prayog::test
