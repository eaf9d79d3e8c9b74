// The Jacobson-Truax plot as SVG: post against pre, the line of no change, the band inside
// which a change is not reliable, the clinical cut-off on both axes, and each client coloured
// by category (Jacobson & Truax 1991, Figure 1 style).
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>

#include "alliance/plot/svg.hpp"
#include "alliance/stats/clinical_significance.hpp"
#include "alliance/stats/reliable_change.hpp"

namespace alliance::plot {

struct change_point {
    double pre = 0;
    double post = 0;
    stats::change_class classification = stats::change_class::none;
    std::optional<stats::jt_category> category{};  // when a cut-off was given
};

struct change_plot_options {
    std::string title;
    std::string axis_label = "score";
    std::optional<double> min{};        // the scale's range; from the data when empty
    std::optional<double> max{};
    std::optional<double> threshold{};  // reliable-change threshold in raw points
    std::optional<double> cutoff{};     // clinical cut-off
    double size = 560;
};

[[nodiscard]] inline std::string change_scatter_svg(std::span<const change_point> points,
                                                    const change_plot_options& options) {
    double lo = options.min.value_or(0), hi = options.max.value_or(1);
    if (!options.min || !options.max) {
        bool any = false;
        for (const auto& p : points) {
            const double a = std::min(p.pre, p.post), b = std::max(p.pre, p.post);
            lo = any ? std::min(lo, a) : a;
            hi = any ? std::max(hi, b) : b;
            any = true;
        }
        if (options.cutoff) lo = std::min(lo, *options.cutoff), hi = std::max(hi, *options.cutoff);
        const double pad = std::max((hi - lo) * 0.08, 1.0);
        if (!options.min) lo -= pad;
        if (!options.max) hi += pad;
    }
    const double legend = 170;
    document svg(options.size + legend, options.size, options.title);
    frame area;
    area.right = 24 + legend;
    area.x = {lo, hi, area.left, options.size + legend - area.right};
    area.y = {lo, hi, options.size - area.bottom, area.top};
    const auto corner = [&](double x, double y) { return px(area.x(x)) + "," + px(area.y(y)); };

    if (options.threshold) {
        const double t = *options.threshold;
        // The band |post - pre| < threshold, clipped to the square.
        svg.polygon(corner(lo, lo) + " " + corner(lo, std::min(lo + t, hi)) + " " + corner(std::max(hi - t, lo), hi) +
                        " " + corner(hi, hi) + " " + corner(hi, std::max(hi - t, lo)) + " " +
                        corner(std::min(lo + t, hi), lo),
                    "#e8e8e8");
    }
    area.draw(svg, "pre-treatment " + options.axis_label, "post-treatment " + options.axis_label);
    svg.text((options.size + legend) / 2, 28, options.title, 15, "middle", "font-weight=\"bold\" fill=\"#111111\"");
    svg.line(area.x(lo), area.y(lo), area.x(hi), area.y(hi), "#444444", 1.2);
    if (options.cutoff) {
        const double c = *options.cutoff;
        svg.line(area.x(c), area.y(lo), area.x(c), area.y(hi), "#7b1fa2", 1.2, "stroke-dasharray=\"6 4\"");
        svg.line(area.x(lo), area.y(c), area.x(hi), area.y(c), "#7b1fa2", 1.2, "stroke-dasharray=\"6 4\"");
    }

    struct style {
        const char* name;
        const char* colour;
        int count = 0;
    };
    std::array<style, 5> styles{{{"recovered", "#2e7d32"},
                                 {"improved", "#1f5fa8"},
                                 {"unchanged", "#9e9e9e"},
                                 {"deteriorated", "#c62828"},
                                 {"no reliable change", "#9e9e9e"}}};
    const auto style_of = [](const change_point& p) -> std::size_t {
        if (p.category) {
            switch (*p.category) {
                case stats::jt_category::recovered: return 0;
                case stats::jt_category::improved: return 1;
                case stats::jt_category::unchanged: return 2;
                case stats::jt_category::deteriorated: return 3;
            }
        }
        switch (p.classification) {
            case stats::change_class::improved: return 1;
            case stats::change_class::deteriorated: return 3;
            case stats::change_class::none: return 4;
        }
        return 4;
    };
    for (const auto& p : points) {
        const std::size_t s = style_of(p);
        ++styles[s].count;
        svg.circle(area.x(std::clamp(p.pre, lo, hi)), area.y(std::clamp(p.post, lo, hi)), 4, styles[s].colour,
                   "fill-opacity=\"0.8\" stroke=\"#ffffff\" stroke-width=\"0.8\"");
    }

    const double lx = options.size + legend - area.right + 18;
    double ly = area.top + 12;
    for (const auto& s : styles) {
        if (s.count == 0) continue;
        svg.circle(lx + 6, ly, 5, s.colour);
        svg.text(lx + 18, ly + 4, std::string(s.name) + " (" + std::to_string(s.count) + ")", 11);
        ly += 20;
    }
    ly += 6;
    svg.line(lx, ly, lx + 14, ly, "#444444", 1.2);
    svg.text(lx + 18, ly + 4, "no change", 11);
    if (options.threshold) {
        ly += 20;
        svg.rect(lx, ly - 6, 14, 12, "#e8e8e8");
        // Two decimals, unless rounding to them overflows (a threshold near the largest double).
        const double rounded = std::round(*options.threshold * 100) / 100;
        svg.text(lx + 18, ly + 4,
                 "|change| < " + alliance::detail::format_number(std::isfinite(rounded) ? rounded : *options.threshold),
                 11);
    }
    if (options.cutoff) {
        ly += 20;
        svg.line(lx, ly, lx + 14, ly, "#7b1fa2", 1.2, "stroke-dasharray=\"4 3\"");
        svg.text(lx + 18, ly + 4, "cut-off " + alliance::detail::format_number(*options.cutoff), 11);
    }
    return svg.finish();
}

}  // namespace alliance::plot
