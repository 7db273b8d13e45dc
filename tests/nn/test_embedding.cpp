// Embedding: finite-difference check of the table gradient (ids repeat, so the scatter-add must
// accumulate), lookup values, and the out-of-range guard.
#include <catch2/catch.hpp>
#include <vector>

#include "nn/embedding.hpp"
#include "nn/gradcheck.hpp"

using prayog::nn::embedding_backward;
using prayog::nn::embedding_forward;
using prayog::test::grad_check;
using prayog::test::random_vector;

TEST_CASE("embedding: finite-difference gradient check (double), repeated ids", "[nn]") {
  const int batch = 2, seq = 5, vocab = 7, dim = 5;
  // Token 3 occurs three times, 0 twice; 6 never (its gradient must stay exactly 0).
  const std::vector<int> ids = {3, 0, 3, 1, 2, 5, 3, 0, 4, 1};
  auto table = random_vector(vocab * dim, 11);
  std::vector<double> dtable;
  const auto report = grad_check(
      {{"table", &table, &dtable}},
      [&] {
        std::vector<double> y(batch * seq * dim);
        embedding_forward(y.data(), ids.data(), table.data(), batch * seq, vocab, dim);
        return y;
      },
      [&](const std::vector<double>& dy) {
        dtable.assign(table.size(), 0.0);
        embedding_backward(dtable.data(), dy.data(), ids.data(), batch * seq, vocab, dim);
      },
      vocab * dim);
  INFO(report.where);
  CHECK(report.ok());
  for (int c = 0; c < dim; ++c) CHECK(dtable[6 * dim + c] == 0.0);
}

TEST_CASE("embedding: lookup copies rows; backward accumulates; bad ids are contained", "[nn]") {
  const int vocab = 4, dim = 3;
  const std::vector<float> table = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32};
  const std::vector<int> ids = {2, 0, 9, -1};  // the last two are out of range
  CHECK_FALSE(prayog::nn::embedding_ids_valid(ids.data(), 4, vocab));
  CHECK(prayog::nn::embedding_ids_valid(ids.data(), 2, vocab));
  std::vector<float> y(4 * dim, -7.0f);
  embedding_forward(y.data(), ids.data(), table.data(), 4, vocab, dim);
  CHECK(y == std::vector<float>{20, 21, 22, 0, 1, 2, 0, 0, 0, 0, 0, 0});

  const std::vector<float> dy(4 * dim, 1.0f);
  std::vector<float> dtable(vocab * dim, 0.5f);  // backward adds to what is there
  embedding_backward(dtable.data(), dy.data(), ids.data(), 4, vocab, dim);
  CHECK(dtable ==
        std::vector<float>{1.5f, 1.5f, 1.5f, 0.5f, 0.5f, 0.5f, 1.5f, 1.5f, 1.5f, 0.5f, 0.5f, 0.5f});
}
