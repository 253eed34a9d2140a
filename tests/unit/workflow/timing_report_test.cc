#include "workflow/requests/timing_report.h"

#include <gtest/gtest.h>

namespace ams::workflow {
namespace {

using std::chrono::seconds;
const TimePoint kT0 = FromUnixSeconds(1796096195);

RequestStep Step(int step, int64_t agency, std::optional<int64_t> actor, int took_s,
                 int standard_s = 300) {
  RequestStep s;
  s.kind = RequestKind::kDataChange;
  s.step = step;
  s.agency_id = agency;
  s.actor_id = actor;
  s.started_at = kT0;
  s.ended_at = kT0 + seconds(took_s);
  s.standard_time = seconds(standard_s);
  return s;
}

const TimingRow* Find(const TimingReport& r, int step, const std::string& group, int64_t id) {
  for (const TimingRow& row : r.rows) {
    if (row.step == step && row.group == group && row.group_id == id) return &row;
  }
  return nullptr;
}

TEST(TimingReportTest, MedianP90AndShareWithinStandardPerStepAgencyAndOperator) {
  std::vector<RequestStep> steps;
  // Ten verifications by two operators of agency 1: 60..600 s; standard 300 s.
  for (int i = 1; i <= 10; ++i) steps.push_back(Step(2, 1, i <= 5 ? 7 : 8, i * 60));
  steps.push_back(Step(2, 2, 9, 30));  // another agency
  TimingReport r = BuildTimingReport(steps, kT0, kT0 + seconds(3600),
                                     [](RequestKind, int) { return seconds(300); });
  const TimingRow* all = Find(r, 2, "all", 0);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->count, 11);
  EXPECT_EQ(all->median, seconds(300));  // nearest rank: the 6th of 11
  EXPECT_EQ(all->p90, seconds(540));     // the 10th of 11
  EXPECT_NEAR(all->within_standard, 6.0 / 11.0, 1e-9);
  const TimingRow* agency1 = Find(r, 2, "agency", 1);
  ASSERT_NE(agency1, nullptr);
  EXPECT_EQ(agency1->count, 10);
  EXPECT_DOUBLE_EQ(agency1->within_standard, 0.5);
  const TimingRow* op8 = Find(r, 2, "operator", 8);
  ASSERT_NE(op8, nullptr);
  EXPECT_EQ(op8->count, 5);
  EXPECT_EQ(op8->median, seconds(480));
  EXPECT_DOUBLE_EQ(op8->within_standard, 0.0);
}

TEST(TimingReportTest, EachOccurrenceJudgedAgainstItsOwnStandardAndSystemStepsHaveNoOperatorRow) {
  std::vector<RequestStep> steps = {Step(2, 1, 7, 400, 600), Step(2, 1, 7, 400, 300),
                                    Step(7, 1, std::nullopt, 0, 60)};
  TimingReport r = BuildTimingReport(steps, kT0, kT0 + seconds(10),
                                     [](RequestKind, int) { return seconds(600); });
  EXPECT_DOUBLE_EQ(Find(r, 2, "all", 0)->within_standard, 0.5);
  EXPECT_EQ(Find(r, 2, "all", 0)->standard, seconds(600));
  EXPECT_NE(Find(r, 7, "all", 0), nullptr);
  for (const TimingRow& row : r.rows) EXPECT_FALSE(row.step == 7 && row.group == "operator");
}

TEST(TimingReportTest, CsvHasAHeaderAndOneLinePerRow) {
  TimingReport r = BuildTimingReport({Step(1, 3, 5, 120)}, kT0, kT0 + seconds(10),
                                     [](RequestKind, int) { return seconds(300); });
  const std::string csv = TimingReportCsv(r);
  EXPECT_EQ(csv,
            "kind,step,group,group_id,count,median_seconds,p90_seconds,standard_seconds,"
            "within_standard\r\n"
            "data_change,1,all,0,1,120,120,300,1.0000\r\n"
            "data_change,1,agency,3,1,120,120,300,1.0000\r\n"
            "data_change,1,operator,5,1,120,120,300,1.0000\r\n");
}

TEST(TimingReportTest, EmptyPeriodHasNoRows) {
  EXPECT_TRUE(BuildTimingReport({}, kT0, kT0 + seconds(1), [](RequestKind, int) { return seconds(1); })
                  .rows.empty());
}

TEST(TimingReportTest, WeeksStartOnMondayMidnightWib) {
  // Monday 2026-11-30 00:00 WIB is Sunday 2026-11-29 17:00 UTC.
  const TimePoint monday = FromUnixSeconds(1795971600);
  EXPECT_EQ(WibWeekStart(monday), monday);
  EXPECT_EQ(WibWeekStart(monday + seconds(6 * 86400 + 86399)), monday) << "Sunday 23:59:59 WIB";
  EXPECT_EQ(WibWeekStart(monday - seconds(1)), monday - seconds(7 * 86400)) << "the Sunday before";
  EXPECT_EQ(WibWeekStart(monday + seconds(7 * 86400)), monday + seconds(7 * 86400));
}

TEST(TimingReportTest, CountsSubmissionsPerWeekWithEmptyWeeksAsZero) {
  const TimePoint monday = FromUnixSeconds(1795971600);
  auto submitted = [](TimePoint at) {
    RequestStep s = Step(1, 1, 5, 60);
    s.started_at = at - seconds(60);
    s.ended_at = at;
    return s;
  };
  const seconds week(7 * 86400);
  std::vector<RequestStep> steps = {submitted(monday + seconds(3600)),
                                    submitted(monday + seconds(7200)),
                                    submitted(monday + 2 * week + seconds(10)),
                                    Step(2, 1, 5, 60)};  // not a submission
  steps.back().ended_at = monday + seconds(100);
  TimingReport r = BuildTimingReport(steps, monday + seconds(1), monday + 3 * week,
                                     [](RequestKind, int) { return seconds(300); });
  ASSERT_EQ(r.weekly.size(), 3u);
  EXPECT_EQ(r.weekly[0].week_start, monday);
  EXPECT_EQ(r.weekly[0].count, 2);
  EXPECT_EQ(r.weekly[1].week_start, monday + week);
  EXPECT_EQ(r.weekly[1].count, 0) << "a week without requests still shows";
  EXPECT_EQ(r.weekly[2].count, 1);
  for (const WeekCount& w : r.weekly) EXPECT_EQ(w.kind, RequestKind::kDataChange);
}

TEST(TimingReportTest, ShareWithinStandardPerAgencyOverEveryStep) {
  std::vector<RequestStep> steps = {Step(1, 1, 5, 100), Step(2, 1, 7, 400), Step(3, 1, 7, 10),
                                    Step(2, 2, 8, 600)};
  TimingReport r = BuildTimingReport(steps, kT0, kT0 + seconds(3600),
                                     [](RequestKind, int) { return seconds(300); });
  ASSERT_EQ(r.by_agency.size(), 2u);
  EXPECT_EQ(r.by_agency[0].agency_id, 1);
  EXPECT_EQ(r.by_agency[0].count, 3);
  EXPECT_EQ(r.by_agency[0].within, 2);
  EXPECT_EQ(r.by_agency[1].agency_id, 2);
  EXPECT_EQ(r.by_agency[1].count, 1);
  EXPECT_EQ(r.by_agency[1].within, 0);
}

}  // namespace
}  // namespace ams::workflow
