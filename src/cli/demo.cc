#include <iostream>

#include "auth/audit_events.h"
#include "cli/commands.h"

namespace ams::cli {

namespace {

// The agencies of DATA.md: Pemerintah Kota Pekalongan.
const identity::Agency kAgencies[] = {
    {0, "DISKOMINFO", "Dinas Komunikasi dan Informatika"},
    {0, "BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"},
    {0, "DINKES", "Dinas Kesehatan"},
    {0, "DINDIKBUD", "Dinas Pendidikan dan Kebudayaan"},
    {0, "DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"},
    {0, "BKD", "Badan Keuangan Daerah"},
    {0, "SETDA", "Sekretariat Daerah"},
};

// A password the policy accepts and a person can type: 4 groups of 4.
std::string DemoPassword(Random& random) {
  static const char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    uint8_t b = 0;
    do random.Fill(&b, 1);
    while (b >= 248);  // 248 = 8 * 31: no modulo bias
    if (i > 0 && i % 4 == 0) out += '-';
    out += kAlphabet[b % 31];
  }
  return out;
}

}  // namespace

int RunDemo(const CommonOptions& common) {
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  const auth::Actor system = auth::Actor::System();
  std::vector<int64_t> agency_ids;
  Status s = app->store().InTransaction([&](store::Transaction& tx) -> Status {
    for (const auto& agency : kAgencies) {
      AMS_ASSIGN_OR_RETURN(int64_t id, tx.agencies().Create(agency));
      agency_ids.push_back(id);
    }
    audit::AuditEvent e;
    e.actor_label = "system";
    e.action = "demo.agencies_created";
    e.object_type = "agency";
    e.details = R"({"count":7})";
    e.remote_addr = "cli";
    e.at = app->clock().Now();
    return tx.audit().Append(e).status();
  });
  if (s.code() == Code::kConflict) {
    std::cerr << "ams: the demo data exists already in this database.\n";
    return 1;
  }
  if (!s.ok()) return Fail("demo agencies", s);

  struct DemoUser {
    const char* email;
    const char* name;
    auth::Role role;
  };
  const DemoUser users[] = {
      {"pemohon@demo.local", "Siti Rahmawati, S.Kom.", auth::Role::kApplicant},
      {"operator@demo.local", "Budi Santoso", auth::Role::kOperator},
      {"admin@demo.local", "Agus Prasetyo, S.T.", auth::Role::kAdmin},
      {"auditor@demo.local", "Dewi Lestari, S.E.", auth::Role::kAuditor},
  };
  std::cout << "Demo logins (AMS):\n";
  for (const DemoUser& u : users) {
    auth::NewAccount in;
    in.email = u.email;
    in.display_name = u.name;
    in.role = u.role;
    std::string password = DemoPassword(app->random());
    in.password = SecretString(password);
    if (u.role == auth::Role::kApplicant) {
      identity::IdentityData d;
      d.full_name = u.name;
      d.nik = "3375014506900001";  // Kota Pekalongan, woman born 05-06-1990
      d.nip = "199006052015032001";
      d.email = u.email;
      d.phone = "081234567890";
      d.agency_id = agency_ids.at(0);
      d.unit = "Bidang Persandian dan Statistik";
      d.position = "Pranata Komputer Ahli Muda";
      in.identity = d;
    }
    if (u.role == auth::Role::kOperator) in.agencies = agency_ids;
    Result<int64_t> id = app->accounts().CreateAccount(system, in);
    if (!id.ok()) return Fail(std::string("demo account ") + u.email, id.status());
    std::cout << "  " << auth::ToString(u.role) << "\t" << u.email << "\t" << password << "\n";
  }
  std::cout << "Operators and admins enrol a TOTP second factor at their first login.\n";
  return 0;
}

}  // namespace ams::cli
