#include "labs/registry.hpp"

namespace prayog::labs {

std::unique_ptr<Lab> make_lab(const std::string& name, const schema::Values& values) {
  (void)values;
  (void)name;
  return nullptr;  // the labs register here as they land (issues 4, 5, 6)
}

}  // namespace prayog::labs
