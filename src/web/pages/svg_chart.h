#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Bar charts as SVG, drawn on the server so the auditor's report needs no
// JavaScript. Pure functions of their input; thread-safe.
//
// Accessible by construction: the <svg> is role="img", named by its <title>
// (aria-labelledby) and described by its <desc> (aria-describedby); every bar carries its value as text beside
// it; the second series is hatched and the reference mark dashed, so nothing
// is told by colour alone. The page puts the same numbers in a data table.
// Only presentation attributes, no style attributes or <style> elements (the
// CSP has style-src 'self'). Every text from the input is escaped.
namespace ams::web::pages {

// One category: a group of bars (one per series) or a column.
struct ChartBar {
  std::string label;               // the category, e.g. "Langkah 2" or "23 Nov"
  std::vector<double> values;      // one per series, >= 0 (negative counts as 0)
  std::vector<std::string> texts;  // each value as people read it, e.g. "4,5 mnt"
  std::optional<double> reference;  // e.g. the standard time: a dashed mark
};

struct BarChart {
  std::string id;           // unique in the page, [a-z0-9-]; prefixes the ids inside
  std::string title;        // <title>: the chart's accessible name
  std::string description;  // <desc>: what it shows, in a sentence
  std::vector<std::string> series;  // series names for the legend; at most 2 are drawn
  std::string reference_name;       // legend text of the reference mark; "" = none
  std::vector<ChartBar> bars;
  // The value of a full-length bar. Default 0: the largest value or reference.
  double max = 0;
};

// Geometry, public so tests can check the scale.
inline constexpr double kChartWidth = 640;
inline constexpr double kBarAreaX = 170;      // horizontal bars start here
inline constexpr double kBarAreaWidth = 380;  // ... and are at most this long
inline constexpr double kColumnAreaHeight = 160;  // columns are at most this tall

// Categories as rows of horizontal bars (per-step durations, shares).
std::string HorizontalBarsSvg(const BarChart& chart);
// Categories as vertical columns of the first series (requests per week).
std::string ColumnsSvg(const BarChart& chart);

// & < > " ' as entities: safe in text and in quoted attribute values.
std::string XmlEscape(std::string_view text);

}  // namespace ams::web::pages
