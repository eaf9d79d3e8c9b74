// A client's alliance trajectory as SVG: scores by session, the flagged side of the cut-off
// shaded, each rupture marked at its lowest point and joined to its repair.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "alliance/cutoff.hpp"
#include "alliance/plot/svg.hpp"
#include "alliance/tracking/episodes.hpp"
#include "alliance/tracking/series.hpp"

namespace alliance::plot {

struct trajectory_options {
    std::string title;                       // e.g. "client 17: SRS total"
    std::string y_label = "score";
    std::optional<double> y_min{};           // the scale's range; from the data when empty
    std::optional<double> y_max{};
    std::optional<alliance::cutoff> cutoff{};
    double width = 760;
    double height = 380;
};

namespace detail {

// The score axis: the options' range, or the data's (and the cut-off's) with 10% padding.
[[nodiscard]] inline std::pair<double, double> trajectory_range(std::span<const tracking::administration> sessions,
                                                                const trajectory_options& options) {
    double lo = options.y_min.value_or(0), hi = options.y_max.value_or(1);
    if (options.y_min && options.y_max) return {lo, hi};
    bool any = false;
    for (const auto& a : sessions)
        if (a.score) {
            lo = any ? std::min(lo, *a.score) : *a.score;
            hi = any ? std::max(hi, *a.score) : *a.score;
            any = true;
        }
    if (options.cutoff) lo = std::min(lo, options.cutoff->value), hi = std::max(hi, options.cutoff->value);
    const double pad = std::max((hi - lo) * 0.1, 1.0);
    if (!options.y_min) lo -= pad;
    if (!options.y_max) hi += pad;
    return {lo, hi};
}

// The flagged side of the cut-off, shaded (drawn under the axes).
inline void draw_flagged_range(document& svg, const frame& area, const alliance::cutoff& c, double lo, double hi,
                               double x0, double x1) {
    const bool below = c.when == flag_when::below || c.when == flag_when::at_or_below;
    const double edge = std::clamp(c.value, lo, hi);
    const double top = below ? area.y(edge) : area.y(hi);
    const double bottom = below ? area.y(lo) : area.y(edge);
    svg.rect(x0, top, x1 - x0, bottom - top, "#fde2e1");
}

inline void draw_cutoff_line(document& svg, const frame& area, const alliance::cutoff& c, double x0, double x1) {
    svg.line(x0, area.y(c.value), x1, area.y(c.value), "#c62828", 1.2, "stroke-dasharray=\"6 4\"");
    svg.text(x1 - 4, area.y(c.value) - 5,
             "cut-off: flagged when " + std::string(symbol(c.when)) + " " + alliance::detail::format_number(c.value),
             11, "end", "fill=\"#c62828\"");
}

// The scores as a line that breaks where a session has no score, a dot per score, "n/a" for
// the others.
inline void draw_scores(document& svg, const frame& area, std::span<const tracking::administration> sessions,
                        double lo) {
    std::string points;
    const auto flush = [&] {
        if (points.find(' ') != std::string::npos) svg.polyline(points, "#1f5fa8", 2.2);
        points.clear();
    };
    for (const auto& a : sessions) {
        if (!a.score) {
            flush();
            continue;
        }
        if (!points.empty()) points += ' ';
        points += px(area.x(a.session)) + "," + px(area.y(*a.score));
    }
    flush();
    for (const auto& a : sessions) {
        if (a.score) svg.circle(area.x(a.session), area.y(*a.score), 3.6, "#1f5fa8", "stroke=\"#ffffff\" stroke-width=\"1\"");
        else svg.text(area.x(a.session), area.y(lo) - 6, "n/a", 10, "middle", "fill=\"#888888\"");
    }
}

// Each rupture marked at its lowest point, joined to its repair or labelled with its status.
inline void draw_episodes(document& svg, const frame& area, std::span<const tracking::administration> sessions,
                          const tracking::episode_analysis& episodes) {
    for (const auto& e : episodes.episodes) {
        const double rx = area.x(e.rupture_session);
        const double ry = area.y(*sessions[e.rupture].score);
        const char* colour = e.status == tracking::repair_status::repaired     ? "#2e7d32"
                             : e.status == tracking::repair_status::unrepaired ? "#c62828"
                                                                               : "#777777";
        svg.polygon(px(rx - 7) + "," + px(ry + 9) + " " + px(rx + 7) + "," + px(ry + 9) + " " + px(rx) + "," +
                        px(ry + 21),
                    "#c62828");
        svg.text(rx, ry + 34, "R" + std::to_string(e.id), 11, "middle", "fill=\"#c62828\" font-weight=\"bold\"");
        if (e.repair) {
            const double px2 = area.x(*e.repair_session);
            const double py2 = area.y(*sessions[*e.repair].score);
            svg.line(rx, ry, px2, py2, colour, 1.5, "stroke-dasharray=\"3 3\"");
            svg.circle(px2, py2, 7.5, "none", "stroke=\"#2e7d32\" stroke-width=\"2.2\"");
        } else {
            svg.text(rx, ry - 10, std::string(tracking::to_string(e.status)), 10, "middle",
                     std::string("fill=\"") + colour + "\"");
        }
    }
}

inline void draw_trajectory_legend(document& svg, const frame& area, double x1, bool has_cutoff,
                                   const tracking::episode_analysis* episodes) {
    const double lx = x1 + 16;
    double ly = area.top + 12;
    svg.line(lx, ly, lx + 22, ly, "#1f5fa8", 2.2);
    svg.text(lx + 28, ly + 4, "score", 11);
    if (has_cutoff) {
        ly += 20;
        svg.rect(lx, ly - 6, 22, 12, "#fde2e1");
        svg.text(lx + 28, ly + 4, "flagged range", 11);
    }
    if (!episodes) return;
    ly += 20;
    svg.polygon(px(lx + 4) + "," + px(ly - 5) + " " + px(lx + 18) + "," + px(ly - 5) + " " + px(lx + 11) + "," +
                    px(ly + 7),
                "#c62828");
    svg.text(lx + 28, ly + 4, "rupture", 11);
    ly += 20;
    svg.circle(lx + 11, ly, 6, "none", "stroke=\"#2e7d32\" stroke-width=\"2\"");
    svg.text(lx + 28, ly + 4, "repair", 11);
    if (episodes->threshold) {
        ly += 20;
        svg.text(lx, ly + 4, "drop >= " + alliance::detail::format_number(std::round(*episodes->threshold * 100) / 100),
                 10, "start", "fill=\"#555555\"");
    }
    if (!episodes->not_evaluated.empty()) {
        ly += 16;
        svg.text(lx, ly + 4, "episodes not evaluated", 10, "start", "fill=\"#555555\"");
    }
}

}  // namespace detail

[[nodiscard]] inline std::string trajectory_svg(const tracking::series& client,
                                                const tracking::episode_analysis* episodes,
                                                const trajectory_options& options) {
    const auto sessions = client.sessions();
    double first = 1, last = 2;
    if (!sessions.empty()) {
        first = sessions.front().session;
        last = std::max(sessions.back().session, first + 1);
    }
    const auto [lo, hi] = detail::trajectory_range(sessions, options);
    document svg(options.width, options.height, options.title);
    frame area;
    area.right = 150;  // room for the legend
    area.x = {first - 0.5, last + 0.5, area.left, options.width - area.right};
    area.y = {lo, hi, options.height - area.bottom, area.top};
    const double x0 = area.left, x1 = options.width - area.right;

    if (options.cutoff) detail::draw_flagged_range(svg, area, *options.cutoff, lo, hi, x0, x1);
    area.draw(svg, "session", options.y_label);
    svg.text(options.width / 2, 28, options.title, 15, "middle", "font-weight=\"bold\" fill=\"#111111\"");
    if (options.cutoff) detail::draw_cutoff_line(svg, area, *options.cutoff, x0, x1);
    detail::draw_scores(svg, area, sessions, lo);
    if (episodes) detail::draw_episodes(svg, area, sessions, *episodes);
    detail::draw_trajectory_legend(svg, area, x1, options.cutoff.has_value(), episodes);
    return svg.finish();
}

}  // namespace alliance::plot
