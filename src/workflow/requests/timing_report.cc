#include "workflow/requests/timing_report.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

namespace ams::workflow {

namespace {

using Key = std::tuple<int, int, int, int64_t>;  // kind, step, group order, group id

const char* GroupName(int order) {
  switch (order) {
    case 0: return "all";
    case 1: return "agency";
    default: return "operator";
  }
}

struct Samples {
  std::vector<std::chrono::seconds> durations;
  int64_t within = 0;
};

// Nearest-rank percentile of sorted `v` (p in (0, 100]).
std::chrono::seconds Percentile(const std::vector<std::chrono::seconds>& v, int p) {
  const size_t rank = (v.size() * static_cast<size_t>(p) + 99) / 100;
  return v[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

TimePoint WibWeekStart(TimePoint t) {
  using namespace std::chrono;
  // Shift to WIB wall time, floor to the day, step back to Monday, shift back.
  const sys_days day = floor<days>(t + hours(7));
  const weekday wd{day};
  const sys_days monday = day - days((wd.c_encoding() + 6) % 7);
  return TimePoint(monday) - hours(7);
}

TimingReport BuildTimingReport(
    const std::vector<RequestStep>& steps, TimePoint from, TimePoint to,
    const std::function<std::chrono::seconds(RequestKind, int)>& standard_now) {
  std::map<Key, Samples> groups;
  std::map<std::pair<int, TimePoint>, int64_t> weeks;  // kind, week start
  std::map<std::pair<int, int64_t>, AgencyShare> agencies;  // kind, agency
  for (const RequestStep& s : steps) {
    const auto d = std::max(std::chrono::seconds(0), std::chrono::duration_cast<std::chrono::seconds>(
                                                         s.ended_at - s.started_at));
    const bool within = d <= s.standard_time;
    const int kind = static_cast<int>(s.kind);
    std::vector<Key> keys = {{kind, s.step, 0, 0}, {kind, s.step, 1, s.agency_id}};
    if (s.actor_id) keys.push_back({kind, s.step, 2, *s.actor_id});
    for (const Key& k : keys) {
      Samples& g = groups[k];
      g.durations.push_back(d);
      g.within += within ? 1 : 0;
    }
    if (s.step == 1) ++weeks[{kind, WibWeekStart(s.ended_at)}];
    AgencyShare& share = agencies[{kind, s.agency_id}];
    share.kind = s.kind;
    share.agency_id = s.agency_id;
    ++share.count;
    share.within += within ? 1 : 0;
  }
  TimingReport report;
  report.from = from;
  report.to = to;
  for (auto& [key, g] : groups) {
    std::sort(g.durations.begin(), g.durations.end());
    TimingRow row;
    row.kind = static_cast<RequestKind>(std::get<0>(key));
    row.step = std::get<1>(key);
    row.group = GroupName(std::get<2>(key));
    row.group_id = std::get<3>(key);
    row.count = static_cast<int64_t>(g.durations.size());
    row.median = Percentile(g.durations, 50);
    row.p90 = Percentile(g.durations, 90);
    row.standard = standard_now(row.kind, row.step);
    row.within_standard = static_cast<double>(g.within) / static_cast<double>(row.count);
    report.rows.push_back(row);
  }
  // Weeks without a request still show, as zero: a gap is information.
  int last_kind = -1;
  for (const auto& [key, count] : weeks) {
    if (key.first == last_kind) continue;
    last_kind = key.first;
    for (TimePoint w = WibWeekStart(from); w < to; w += std::chrono::days(7)) {
      auto it = weeks.find({key.first, w});
      report.weekly.push_back(
          {static_cast<RequestKind>(key.first), w, it == weeks.end() ? 0 : it->second});
    }
  }
  for (const auto& [key, share] : agencies) report.by_agency.push_back(share);
  return report;
}

std::string TimingReportCsv(const TimingReport& report) {
  std::ostringstream out;
  out << "kind,step,group,group_id,count,median_seconds,p90_seconds,standard_seconds,"
         "within_standard\r\n";
  for (const TimingRow& r : report.rows) {
    char share[32];
    std::snprintf(share, sizeof share, "%.4f", r.within_standard);
    out << ToString(r.kind) << ',' << r.step << ',' << r.group << ',' << r.group_id << ','
        << r.count << ',' << r.median.count() << ',' << r.p90.count() << ','
        << r.standard.count() << ',' << share << "\r\n";
  }
  return out.str();
}

}  // namespace ams::workflow
