// Instruments described at run time (key files, the command-line driver). An
// instrument_definition is plain owning data; runtime_instrument validates it with the very
// same alliance::find_problem as compile-time definitions and throws definition_error. It
// carries what is published about the instrument (cut-offs, norms, severity bands:
// alliance/published.hpp) by value, so every front-end uses the data that came with the
// instrument, a built-in's from the catalogue (builtin_instrument) and a key file's from the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/catalogue_entry.hpp"
#include "alliance/definition.hpp"
#include "alliance/error.hpp"
#include "alliance/instrument.hpp"
#include "alliance/published.hpp"
#include "alliance/response_labels.hpp"
#include "alliance/trim.hpp"

namespace alliance {

struct scale_definition {
    std::string name;
    std::vector<int> items;  // 1-based item numbers
    scale_role role = scale_role::subscale;
    missing_rule missing{};  // its `source` is replaced by missing_source when stored
    std::string missing_source;
    alliance::metric metric = alliance::metric::sum;
};

struct instrument_definition {
    std::string id;
    std::string name;
    alliance::form form = alliance::form::client;
    std::string citation;
    std::string licence;
    std::string verification;
    response_scale response_format{};
    std::size_t item_count = 0;
    std::vector<int> reversed;
    std::vector<scale_definition> scales;  // in report order; a total usually last
    // Where a lab's data holds the items, when the definition says (a key file's item_columns,
    // an instrument defined by column names): the columns of items 1..item_count. Empty: the
    // front-end's items pattern (item{} by default) names them.
    std::vector<std::string> item_columns;
    // The labels a lab's export gives the answers (a key file's response_labels), used when the
    // caller gives none.
    response_labels labels;
};

// The owning copy of any definition, e.g. to export a built-in instrument as a key file.
[[nodiscard]] inline instrument_definition definition_of(const instrument_view& view) {
    instrument_definition def;
    def.id = view.about.id;
    def.name = view.about.name;
    def.form = view.about.form;
    def.citation = view.about.citation;
    def.licence = view.about.licence;
    def.verification = view.about.verification;
    def.response_format = view.response_format;
    def.item_count = view.item_count;
    def.reversed.assign(view.reversed.begin(), view.reversed.end());
    for (const scale_entry& entry : view.scales) {
        const auto items = view.items_of(entry);
        def.scales.push_back({std::string(entry.name), std::vector<int>(items.begin(), items.end()),
                              entry.role, entry.missing, std::string(entry.missing.source),
                              entry.metric});
    }
    return def;
}

class runtime_instrument {
public:
    // Throws definition_error naming the instrument, the scale and the item, or the published
    // record whose scale the instrument does not have. `published` views records that are
    // static (the built-ins') or kept alive by its owner (published_records and share(), as
    // the key-file reader does); the instrument holds the owner for as long as any copy lives.
    explicit runtime_instrument(instrument_definition definition, published_data published = {})
        : state_(std::make_shared<const state>(std::move(definition), std::move(published))) {}

    // Views into the instrument's state: valid while this object, a copy of it, or anything
    // scored with it (scores, score sets, explanations share the state) is alive. On a
    // temporary they would dangle at once, so those calls do not compile.
    [[nodiscard]] const instrument_view& view() const& noexcept { return state_->view; }
    [[nodiscard]] const alliance::about& about() const& noexcept { return state_->view.about; }
    [[nodiscard]] std::string_view id() const& noexcept { return state_->view.about.id; }
    [[nodiscard]] std::span<const scale_entry> scales() const& noexcept { return state_->view.scales; }
    [[nodiscard]] std::span<const int> items_of(const scale_entry& entry) const& {
        return state_->view.items_of(entry);
    }
    [[nodiscard]] std::span<const int> reversed_items() const& noexcept { return state_->view.reversed; }
    [[nodiscard]] const instrument_definition& definition() const& noexcept { return state_->definition; }
    // The columns of items 1..N a lab's data holds (empty: the front-end's items pattern), and
    // the labels its export gives the answers: instrument_definition.
    [[nodiscard]] std::span<const std::string> item_columns() const& noexcept { return state_->definition.item_columns; }
    [[nodiscard]] const response_labels& labels() const& noexcept { return state_->definition.labels; }
    void item_columns() const&& = delete;
    void labels() const&& = delete;
    void view() const&& = delete;
    void about() const&& = delete;
    void id() const&& = delete;
    void scales() const&& = delete;
    void items_of(const scale_entry&) const&& = delete;
    void reversed_items() const&& = delete;
    void definition() const&& = delete;

    // What is published about this instrument: for a built-in, the catalogue's records; for a
    // key file, the file's own (none of a built-in's, whatever its id).
    [[nodiscard]] std::span<const cutoff> cutoffs() const& noexcept { return state_->published.cutoffs; }
    [[nodiscard]] std::span<const norm> norms() const& noexcept { return state_->published.norms; }
    [[nodiscard]] std::span<const severity_bands> severity() const& noexcept { return state_->published.severity; }
    [[nodiscard]] const published_data& published() const& noexcept { return state_->published; }
    // The key and its records in the shape of a built-in catalogue entry.
    [[nodiscard]] catalogue_entry entry() const& noexcept {
        return {view(), cutoffs(), norms(), severity()};
    }
    void cutoffs() const&& = delete;
    void norms() const&& = delete;
    void severity() const&& = delete;
    void published() const&& = delete;
    void entry() const&& = delete;

    [[nodiscard]] const response_scale& response_format() const& noexcept { return state_->view.response_format; }
    [[nodiscard]] response_scale response_format() const&& noexcept { return state_->view.response_format; }
    // Values, safe on any object.
    [[nodiscard]] std::size_t item_count() const noexcept { return state_->view.item_count; }
    [[nodiscard]] bool is_reversed(std::size_t number) const noexcept {
        return number >= 1 && number <= state_->is_reversed.size() &&
               state_->is_reversed[number - 1] != 0;
    }
    // The immutable state every copy shares; scores and traces hold it (alliance::owning_definition).
    [[nodiscard]] std::shared_ptr<const void> shared_state() const noexcept { return state_; }

private:
    // Immutable once built, so views into it stay valid for every copy of the instrument.
    struct state {
        instrument_definition definition;
        published_data published;
        std::vector<int> scale_item_pool;
        std::vector<scale_entry> entries;
        std::vector<unsigned char> is_reversed;
        instrument_view view;

        state(instrument_definition def, published_data records)
            : definition(std::move(def)), published(std::move(records)) {
            for (const scale_definition& scale : definition.scales) {
                scale_entry entry{scale.name,
                                  static_cast<std::uint32_t>(scale_item_pool.size()),
                                  static_cast<std::uint32_t>(scale.items.size()),
                                  scale.role,
                                  scale.missing,
                                  scale.metric};
                entry.missing.source = scale.missing_source;
                entries.push_back(entry);
                scale_item_pool.insert(scale_item_pool.end(), scale.items.begin(), scale.items.end());
            }
            view = {alliance::about{definition.id, definition.name, definition.form,
                                    definition.citation, definition.licence, definition.verification},
                    definition.response_format,
                    definition.item_count,
                    definition.reversed,
                    scale_item_pool,
                    entries};
            detail::require_valid(view);
            require_item_columns();
            is_reversed.assign(definition.item_count, 0);
            for (const int item : definition.reversed) is_reversed[static_cast<std::size_t>(item - 1)] = 1;
            for (const cutoff& record : published.cutoffs) require_scale("cut-off", record.id, record.scale);
            for (const norm& record : published.norms) require_scale("norm", record.id, record.scale);
            for (const severity_bands& record : published.severity)
                require_scale("severity band table", record.id, record.scale);
        }

        // Item columns, when given, name every item once.
        void require_item_columns() const {
            const std::vector<std::string>& columns = definition.item_columns;
            const auto fail = [&](const std::string& what) {
                throw definition_error("alliance.definition.item_columns",
                                       "instrument '" + definition.id + "': item_columns " + what);
            };
            if (columns.empty()) return;
            if (columns.size() != definition.item_count)
                fail("names " + std::to_string(columns.size()) + " columns for " +
                     std::to_string(definition.item_count) + " items");
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (trim(columns[i]).empty()) fail("has an empty name for item " + std::to_string(i + 1));
                for (std::size_t j = 0; j < i; ++j)
                    if (trim(columns[j]) == trim(columns[i]))
                        fail("names column '" + columns[i] + "' for items " + std::to_string(j + 1) + " and " +
                             std::to_string(i + 1));
            }
        }

        // A record on a scale the instrument lacks could never be applied: refused here, so
        // classification and tracking can rely on every record's scale.
        void require_scale(std::string_view kind, std::string_view id, std::string_view scale) const {
            for (const scale_definition& own : definition.scales)
                if (own.name == scale) return;
            throw definition_error("alliance.definition.unknown_published_scale",
                                   "instrument '" + definition.id + "': the " + std::string(kind) + " '" +
                                       std::string(id) + "' is on scale '" + std::string(scale) +
                                       "', which the instrument does not have");
        }
    };

    std::shared_ptr<const state> state_;
};

// The run-time twin of a compile-time definition (the same key through the other route), with
// no published records (a built-in's come with alliance::builtin_instrument, catalogue.hpp).
template <class Instrument>
[[nodiscard]] runtime_instrument to_runtime(const Instrument& compiled) {
    return runtime_instrument(definition_of(compiled.view()));
}

}  // namespace alliance
