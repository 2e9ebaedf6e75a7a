// SHA-256 of every shipped migration file: a shipped migration is never edited, so these never change;
// when a new migration ships (is released), add its line here.
export const SHIPPED_MIGRATIONS: Readonly<Record<string, string>> = {
  "001_people.ts": "88680b657863375d241695a08b13437c1c6a18086a971517b9647264ac31869f",
  "002_rehab.ts": "4df3c07ef993543fddf16e7bcb5a320a5ddd49e60c8f7f3aabf3c8420622e5a3",
  "003_training.ts": "b8639a70e304f153d4372ae2d39043d0821e74ec88c0b1da896d9c375ebe8131",
  "004_devices.ts": "b47e7c56eeaf3d895d5c2161a58f370c53363d02e0f3b063bf4de9aecacba992",
  "005_trust.ts": "763864bbd1bce08c8b2ab5235c70883af960434465f610f2c8d05b7cbf3113d1",
  "006_claims.ts": "15c22d11f6f66112106b5de761601514b28ce1ebab3b67da6b5da5e4e700cca2",
  "007_returns.ts": "be5742531a2c0ff7a6ac3d0e7fd69d15589a943bf802992c3529cd28923b37eb",
  "008_account_locale.ts": "7aa55ae395f27b19d59ba5c90d4d8ae3fe5c92a0985632d0c34b4cfcf8d074b8",
  "009_import_mappings.ts": "fb37ef18798e7bc6347dd838705fca70a3acf62483fc906099fc236c7ba519fd",
};
