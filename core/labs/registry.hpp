// Labs by name, for the fronts (CLI, bindings): validated schema values in, a ready lab out.
#pragma once

#include <memory>
#include <string>

#include "labs/lab.hpp"
#include "schema/schema.hpp"

namespace prayog::labs {

// Null when the named lab has no runner yet. `values` must have passed schema::validate.
std::unique_ptr<Lab> make_lab(const std::string& name, const schema::Values& values);

}  // namespace prayog::labs
