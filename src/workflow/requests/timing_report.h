#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workflow/requests/request.h"

namespace ams::workflow {

// One row of the timing report: one step of one procedure, over all its
// occurrences ("all"), or those of one agency ("agency") or one operator
// ("operator"). Plain value.
struct TimingRow {
  RequestKind kind = RequestKind::kDataChange;
  int step = 0;
  std::string group = "all";  // "all", "agency" or "operator"
  int64_t group_id = 0;       // the agency or account id; 0 for "all"
  int64_t count = 0;
  std::chrono::seconds median{0};
  std::chrono::seconds p90{0};
  std::chrono::seconds standard{0};  // the standard time in force now
  double within_standard = 0;        // share of occurrences <= their standard time, 0..1
};

// Requests of one kind submitted in one week: the step-1 occurrences that
// ended in it. Weeks start on Monday 00:00 WIB (Asia/Jakarta, UTC+7).
struct WeekCount {
  RequestKind kind = RequestKind::kDataChange;
  TimePoint week_start;
  int64_t count = 0;
};

// Every step of one kind in one agency together: how many occurrences, and
// how many ended within their standard time. Plain value.
struct AgencyShare {
  RequestKind kind = RequestKind::kDataChange;
  int64_t agency_id = 0;
  int64_t count = 0;
  int64_t within = 0;
};

struct TimingReport {
  TimePoint from, to;
  std::vector<TimingRow> rows;  // by kind, step, group, group id
  // Every week that overlaps [from, to), with zero counts too, for each kind
  // that has any step 1 in the period; by kind, then week.
  std::vector<WeekCount> weekly;
  std::vector<AgencyShare> by_agency;  // by kind, then agency id
};

// Monday 00:00 WIB of the week holding `t`.
TimePoint WibWeekStart(TimePoint t);

// Builds the report from recorded steps. `standard_now(kind, step)` gives the
// standard time in force now (for display); each occurrence is judged against
// the standard it was recorded with. Percentiles are nearest-rank.
TimingReport BuildTimingReport(
    const std::vector<RequestStep>& steps, TimePoint from, TimePoint to,
    const std::function<std::chrono::seconds(RequestKind, int)>& standard_now);

// The report as CSV (RFC 4180, header line first), durations in seconds.
std::string TimingReportCsv(const TimingReport& report);

}  // namespace ams::workflow
