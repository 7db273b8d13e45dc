#include "labs/registry.hpp"

#include "labs/attention_images.hpp"
#include "labs/attention_lab.hpp"
#include "labs/conv1x1_lab.hpp"
#include "labs/pretrain_lab.hpp"

namespace prayog::labs {

std::unique_ptr<Lab> make_lab(const std::string& name, const schema::Values& values) {
  if (name == "attention") {
    if (values.choice("mode") == "images") return make_attention_images_lab(values);
    return make_attention_lab(values);
  }
  if (name == "conv1x1") return make_conv1x1_lab(values);
  if (name == "pretrain") return make_pretrain_lab(values);
  return nullptr;  // conv1x1 and pretrain register here as they land (issues 5, 6)
}

}  // namespace prayog::labs
