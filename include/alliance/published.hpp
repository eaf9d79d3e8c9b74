// What is published about an instrument besides its key: cut-offs, norms and severity bands.
// They travel with the instrument by value (runtime_instrument holds them), as Boost.Math hands
// a distribution object to cdf() rather than a name to look up: a key file's own cut-offs are
// the ones used, and a key file that reuses a built-in's id gets nothing of the built-in's.
//
//   published_data      views of the records plus whatever keeps them alive
//   published_records   owning storage for records made at run time (key files)
#pragma once

#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/cutoff.hpp"
#include "alliance/norms.hpp"
#include "alliance/severity.hpp"

namespace alliance {

struct published_data {
    std::span<const cutoff> cutoffs{};
    std::span<const norm> norms{};
    std::span<const severity_bands> severity{};
    // Keeps run-time records (and every text they view) alive; empty for the built-ins, whose
    // records are static.
    std::shared_ptr<const void> owner{};
};

// Records read at run time, with the texts they view. Fill it, then share() it: the views
// stay valid for as long as any published_data made from it.
struct published_records {
    std::deque<std::string> texts;  // a deque: keeping a text never moves the others
    std::deque<std::vector<severity_band>> band_lists;
    std::vector<cutoff> cutoffs;
    std::vector<norm> norms;
    std::vector<severity_bands> severity;

    [[nodiscard]] std::string_view keep(std::string text) { return texts.emplace_back(std::move(text)); }
};

[[nodiscard]] inline published_data share(std::shared_ptr<const published_records> records) {
    published_data data{records->cutoffs, records->norms, records->severity, {}};
    data.owner = std::move(records);
    return data;
}

}  // namespace alliance
