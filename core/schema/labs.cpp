// The three labs' schemas: the single declaration of every control (see schema.hpp).
#include <algorithm>
#include <string>

#include "schema/schema.hpp"

namespace prayog::schema {

namespace {

Field integer(std::string key, double min, double max, double def) {
  return {std::move(key), Type::kInt, min, max, def, {}, false};
}
Field real(std::string key, double min, double max, double def, bool log_scale = false) {
  return {std::move(key), Type::kFloat, min, max, def, {}, log_scale};
}
Field boolean(std::string key, bool def) {
  return {std::move(key), Type::kBool, 0, 1, def ? 1.0 : 0.0, {}, false};
}
Field choice(std::string key, std::vector<std::string> choices, int def) {
  return {std::move(key), Type::kChoice, 0, 0, static_cast<double>(def), std::move(choices), false};
}

// Controls every lab shares (design.md: seed, learning rate, optimizer, batch size).
void add_training(std::vector<Field>& f, int optimizer, double lr, int batch) {
  f.push_back(choice("optimizer", {"sgd", "momentum", "adam"}, optimizer));
  f.push_back(real("lr", 1e-5, 1.0, lr, true));
  f.push_back(integer("batch_size", 1, 256, batch));
  f.push_back(integer("seed", 0, 2147483647, 1));
}

Status rule(const std::string& key, std::string detail,
            std::vector<std::pair<std::string, std::string>> params) {
  return Status::Error(StatusCode::kInvalidArgument, key, std::move(detail), std::move(params));
}

constexpr std::size_t kFloat = sizeof(float);

LabSchema attention() {
  LabSchema s;
  s.lab = "attention";
  s.fields = {
      choice("task", {"copy", "reverse", "sort"}, 1),
      integer("length", 4, 12, 8),
      choice("vocab", {"digits", "devanagari"}, 0),
      integer("d_model", 4, 128, 32),
      integer("heads", 1, 4, 2),
      integer("layers", 1, 2, 1),
      boolean("scale", true),
      choice("attention", {"soft", "hard"}, 0),
      // Attention over images (labs/attention_images): a CNN's feature map, a learned query.
      choice("mode", {"sequence", "images"}, 0),
      integer("image_channels", 8, 64, 32),
      boolean("image_key_proj", true),
      integer("image_distractors", 0, 3, 3),
      boolean("image_flip", true),
  };
  add_training(s.fields, 2, 3e-3, 32);
  s.check = [](const Values& v) {
    const int d = v.integer("d_model"), h = v.integer("heads");
    if (h != 1 && h != 2 && h != 4)
      return rule("error.heads_choice", "heads must be 1, 2 or 4", {{"heads", std::to_string(h)}});
    if (d % h != 0)
      return rule("error.heads_divide", "d_model must be a multiple of heads",
                  {{"d_model", std::to_string(d)}, {"heads", std::to_string(h)}});
    return Status::Ok();
  };
  s.estimate_bytes = [](const Values& v) {
    // Buffers hold max(batch, 64) sequences (labs/attention_lab.cpp: held-out evaluation runs in
    // chunks of 64 even for tiny batches) and images max(batch, 32) (attention_images.cpp): the
    // fuzzer (fuzz/fuzz_lab.cpp) measured tiny batches allocating far above an estimate that used
    // the batch alone.
    const std::size_t batch = static_cast<std::size_t>(v.integer("batch_size"));
    const std::size_t b = std::max<std::size_t>(batch, 64),
                      t = static_cast<std::size_t>(v.integer("length")),
                      d = static_cast<std::size_t>(v.integer("d_model")),
                      h = static_cast<std::size_t>(v.integer("heads")),
                      l = static_cast<std::size_t>(v.integer("layers"));
    const std::size_t vocab = 12;  // ten symbols + separators
    const std::size_t params = 2 * vocab * d + t * d + l * (4 * d * d + 4 * d);
    // per layer: x, Q, K, V, concat, out (+ their gradients) and scores/attention per head
    const std::size_t acts = l * (2 * 6 * b * t * d + 2 * 3 * b * h * t * t) + 4 * b * t * vocab;
    if (v.choice("mode") == "images") {
      // 24x24x3 scenes -> conv 16 -> pool -> conv 32 -> conv C on a 12x12 map: per image the
      // activations, im2col columns and their gradients; 2560 stored scenes of bytes.
      const std::size_t bi = std::max<std::size_t>(batch, 32);
      const std::size_t c = static_cast<std::size_t>(v.integer("image_channels"));
      const std::size_t per_image = 24 * 24 * (16 + 27) + 144 * (16 + 144 + 32 + 288 + 2 * c);
      return 2 * bi * per_image * kFloat + 2560 * 24 * 24 * 3 + 64 * 64 * 9 * 4 * kFloat;
    }
    // The hard setting trains a soft arm beside the hard one (the comparison); each arm keeps
    // values, gradients, Adam moments and the last good copy (7 floats per parameter). The task's
    // 2048 + 512 sequences of inputs and targets are ints.
    const std::size_t arms = v.choice("attention") == "hard" ? 2 : 1;
    const std::size_t data = 2560 * t * 2 * sizeof(int);
    return arms * (params * 7 * kFloat + acts * kFloat) + data;
  };
  return s;
}

LabSchema conv1x1() {
  LabSchema s;
  s.lab = "conv1x1";
  s.fields = {
      // The explorer tensor (the seed's 32x32x64 -> 32 filters) and the cost comparison.
      integer("h", 1, 128, 32),
      integer("w", 1, 128, 32),
      integer("cin", 1, 512, 64),
      integer("cout", 1, 512, 32),
      integer("k", 1, 7, 3),
      integer("bottleneck", 1, 512, 16),
      // Training a tiny CNN on synthetic 16x16 images.
      choice("task", {"colour", "spatial"}, 0),
      choice("variant", {"plain", "bottleneck", "bottleneck_relu", "pointwise_only"}, 1),
      // r of the training CNN's 1x1 reductions (labs/conv1x1_lab.hpp): its 3x3 layers read 16
      // and 32 channels, so the explorer's `bottleneck` (r for C_in = 64) does not fit it.
      integer("train_bottleneck", 1, 32, 8),
      boolean("batchnorm", false),
      real("dropout", 0.0, 0.9, 0.0),
      real("l2", 0.0, 0.1, 0.0),
  };
  add_training(s.fields, 2, 3e-3, 32);
  s.check = [](const Values& v) {
    if (v.integer("k") % 2 == 0)
      return rule("error.kernel_odd", "k must be odd (1, 3, 5, 7)",
                  {{"k", std::to_string(v.integer("k"))}});
    if (v.integer("bottleneck") > v.integer("cin"))
      return rule("error.bottleneck_too_wide", "the bottleneck must not be wider than cin",
                  {{"bottleneck", std::to_string(v.integer("bottleneck"))},
                   {"cin", std::to_string(v.integer("cin"))}});
    return Status::Ok();
  };
  s.estimate_bytes = [](const Values& v) {
    const std::size_t hw = static_cast<std::size_t>(v.integer("h")) * v.integer("w");
    const std::size_t cin = v.integer("cin"), cout = v.integer("cout");
    const std::size_t explorer = hw * (cin + cout) + 2 * cin * cout + cout;
    // The four arms of labs/conv1x1_lab.hpp (C 16/32/32, r = train_bottleneck) for one batch
    // (at least 32 images: the evaluation chunk): per image, every layer's output and its gradient
    // (and BatchNorm's x̂ and pre-BN gradient), pools' argmax, im2col columns; then parameters
    // with gradients, Adam moments and the last good copy; 3000 images of 16x16x3 bytes.
    const std::size_t b =
        std::max<std::size_t>(32, static_cast<std::size_t>(v.integer("batch_size")));
    const std::size_t r = static_cast<std::size_t>(v.integer("train_bottleneck"));
    const std::size_t per_buffer = v.flag("batchnorm") ? 4 : 2;
    const std::size_t per_image = per_buffer * (40448 + 160 * r) + 48384 + 1440 * r + 1328 +
                                  576 * std::max<std::size_t>(16, r);
    const std::size_t params = 4 * 7 * (16 * 1024 + 9 * 32 * 32 + 2 * 32 * r);
    const std::size_t data = 3000 * (16 * 16 * 3 + 64) / kFloat;
    return (explorer + b * per_image + params + data) * kFloat;
  };
  return s;
}

LabSchema pretrain() {
  LabSchema s;
  s.lab = "pretrain";
  s.fields = {
      integer("depth", 2, 6, 4),
      integer("width", 8, 512, 256),  // first hidden layer; each next one is half as wide
      choice("activation", {"sigmoid", "tanh", "relu"}, 0),
      choice("init", {"small", "xavier", "he"}, 0),
      choice("pretrain", {"autoencoder", "denoising", "rbm"}, 0),
      real("noise", 0.0, 0.9, 0.3),
      integer("steps_per_stage", 10, 100000, 500),
      real("labelled", 0.01, 1.0, 0.1),
      choice("arm", {"both", "greedy", "random"}, 0),
  };
  // Plain SGD at 0.3: the setting where the seed's claim shows (labs/pretrain_lab.hpp: the
  // random arm stays on its plateau, the greedy one reaches ~97% test accuracy).
  add_training(s.fields, 0, 0.3, 32);
  s.check = [](const Values& v) {
    const int narrowest = v.integer("width") >> (v.integer("depth") - 1);
    if (narrowest < 2)
      return rule("error.too_narrow", "the deepest hidden layer would have fewer than 2 units",
                  {{"width", std::to_string(v.integer("width"))},
                   {"depth", std::to_string(v.integer("depth"))}});
    return Status::Ok();
  };
  s.estimate_bytes = [](const Values& v) {
    // labs/pretrain_lab.cpp, per arm: every layer with its decoder bias, stored as values,
    // gradients, the checkpoint and up to four moments (two Adam optimizers: supervised and
    // pretraining); buffers of max(batch, 250) rows (the evaluation chunk): every layer's codes,
    // logits (x3), twelve scratch rows of the widest layer. Data: 12000 glyphs as floats + label.
    const std::size_t in = 16 * 16, classes = 10;
    const std::size_t rows = std::max<std::size_t>(250, v.integer("batch_size"));
    std::size_t params = 0, codes = in, prev = in, w = static_cast<std::size_t>(v.integer("width"));
    const std::size_t widest = std::max(in, w);
    for (int l = 0; l < v.integer("depth"); ++l, w /= 2) {
      params += prev * w + w + prev;
      codes += w;
      prev = w;
    }
    params += prev * classes + classes;
    const std::size_t per_arm = 7 * params + rows * (codes + 3 * classes + 12 * widest);
    const std::size_t data = 12000 * (in + 1);
    return (2 * per_arm + data) * kFloat;  // two arms
  };
  return s;
}

}  // namespace

const std::vector<LabSchema>& labs() {
  static const std::vector<LabSchema> all = {attention(), conv1x1(), pretrain()};
  return all;
}

}  // namespace prayog::schema
