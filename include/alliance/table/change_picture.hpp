// The Jacobson-Truax scatter of a change request, for the packages (plot_change): the rows of a
// change block whose status is ok, each with its reliable-change class and (with a cut-off) its
// category, the band of the method's threshold and the cut-off, drawn by alliance/plot. The
// command line draws the same from the output of `alliance change` (`alliance plot change`).
// Stats tier (Boost.Math).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alliance/plot/change_scatter.hpp"
#include "alliance/table/change.hpp"
#include "alliance/table/pictures.hpp"

namespace alliance::table {

// The points of the ok rows (rows of an error or partial status are left out, as the command
// line leaves them out), the threshold of the first of them and the request's cut-off.
[[nodiscard]] inline std::vector<plot::change_point> change_points(const change_block_result& result,
                                                                   std::span<const double> pre,
                                                                   std::span<const double> post,
                                                                   plot::change_plot_options& look) {
    const column_block& block = result.block;
    const auto columns = change_columns(result.plan.settings);
    const std::optional<std::size_t> category =
        columns.back().name == "category" ? std::optional(columns.size() - 1) : std::nullopt;
    std::vector<plot::change_point> points;
    for (std::size_t r = 0; r < block.rows; ++r) {
        if (block.status[r] != row_status::ok) continue;
        plot::change_point point{pre[r], post[r], static_cast<stats::change_class>(block.at(5, r)), std::nullopt};
        if (category) point.category = static_cast<stats::jt_category>(block.at(*category, r));
        if (!look.threshold && !std::isnan(block.at(4, r))) look.threshold = block.at(4, r);
        if (category && !look.cutoff) look.cutoff = block.at(6, r);
        points.push_back(point);
    }
    return points;
}

// check_plottable_extent (pictures.hpp) of a scatter's points, its range and its cut-off.
inline void check_plottable_extent(std::span<const plot::change_point> points, const plot::change_plot_options& look,
                                   const option_spelling& spell) {
    double lo = look.min.value_or(0), hi = look.max.value_or(0);
    const auto widen = [&](double v) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    };
    if (!look.min || !look.max)
        for (const plot::change_point& p : points) {
            widen(p.pre);
            widen(p.post);
        }
    if (look.cutoff) widen(*look.cutoff);
    check_plottable_extent(lo, hi, look.threshold.value_or(0), spell);
}

// The whole picture; option_error when the values are too far apart to draw.
[[nodiscard]] inline std::string change_picture(const change_block_result& result, std::span<const double> pre,
                                                std::span<const double> post, plot::change_plot_options look,
                                                const option_spelling& spell) {
    const std::vector<plot::change_point> points = change_points(result, pre, post, look);
    check_plottable_extent(points, look, spell);
    return plot::change_scatter_svg(points, look);
}

}  // namespace alliance::table
