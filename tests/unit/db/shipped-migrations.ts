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
  "010_claim_standards.ts": "f89a721f37cb17f17fd432128dd73aa45104dea3e5d1385b8dd5d01e0006aac9",
  "011_employment_terms.ts": "8a4f2d488555e0554e277e4a6a74d00ddcfa856155a4caf9dc6c55c8a4dd056b",
  "012_needs_indicators.ts": "94372d8868067695ee18a110931e5ac28710ee05ec574f2da50140c3bdfef268",
  "013_compare_households.ts": "f10a9ad27b749575d6f420c96e20ce676978e0fc7ba022c5e3c57b4ff810f838",
  "014_staff_accounts.ts": "caad5848d2112a47301c2bfd873cb616382b31c88aaf33111894addf1f0259c8",
  "015_returns_people_checks.ts": "20fd284abe50e0135ca0502cc94316b150eac981107f4c5c7e0176f3082a25ec",
  "016_record_changes.ts": "aa95e302d19cd01b4d60a46366b5777da0b109d31160e9c0ef708692bfbc20d6",
  "017_audit_workstation.ts": "b44ea43af62ff1d5ed4137b19e43bd0599237aaea1bee3785cdf49f522735eea",
  "018_claims_speed.ts": "5b517f7057deacc00d661a4ab42470a1eefb571e827e3a775303cd3bdaecb142",
  "019_claims_delete.ts": "29a17c3ab2b623136c9c214b464f38283ed74b4ea7116c0b580ed0f89e18c723",
};
