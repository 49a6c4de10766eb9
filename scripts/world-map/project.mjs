#!/usr/bin/env node
// Projects Natural Earth country shapes (npm world-atlas) once, into
// web/static/world-map.tsv, which the server reads to draw the members map.
// See README.md in this folder.
//
//   npm ci
//   node project.mjs        # or: npm run generate
//
// Everything is read from the installed packages and seed/countries.tsv; no
// network access. The output is a pure function of the pinned versions: no
// dates, sorted by code, fixed number formatting.

import {readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {createRequire} from 'node:module'
import {geoArea, geoCentroid, geoEqualEarth, geoPath} from 'd3-geo'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const topojson = require('topojson-client')
const simplify = require('topojson-simplify')
const SEED = join(here, '../../seed/countries.tsv')
const OUT = join(here, '../../web/static/world-map.tsv')

function check(condition, message) {
  if (!condition) {
    console.error(`project.mjs: ${message}`)
    process.exit(1)
  }
}

// The installed packages must be the pinned ones, or the output would drift.
const pinned = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'))
  .dependencies
for (const [name, version] of Object.entries(pinned)) {
  const found = JSON.parse(
    readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')
  ).version
  check(found === version, `npm ${name} is ${found}, expected ${version}`)
}

// ---------------------------------------------------------------------------
// Deliberate decisions (documented in README.md).

// The map's width in SVG user units; the height follows from the projection.
const WIDTH = 1000
// Rings smaller than this (square units) are dropped, except a country's
// largest, which always stays so that every shape keeps a body.
const MIN_RING_AREA = 4
// Share of the arcs' points kept by Visvalingam simplification (by spherical
// triangle area); the 1:110m shapes have more detail than 1000 units show.
const KEEP = 0.45
// Antarctica has no members to show and would take a fifth of the height.
const DROPPED = new Set(['010'])
// Shapes without an ISO numeric code in world-atlas: drawn as part of the
// country the UN counts them in, or keyed by alpha-2 where the country has
// no numeric code (Kosovo; see seed/README.md).
const NO_CODE = {
  'N. Cyprus': '196',
  Somaliland: '706',
  Kosovo: 'XK'
}

// ---------------------------------------------------------------------------

const seed = readFileSync(SEED, 'utf8')
  .trimEnd()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [alpha2, , numeric, nameEn, , , , population] = line.split('\t')
    return {alpha2, key: numeric || alpha2, nameEn, population}
  })
const seedKeys = new Set(seed.map((country) => country.key))

function keyOf(geometry) {
  if (geometry.id !== undefined) return geometry.id
  const key = NO_CODE[geometry.properties.name]
  check(key, `a shape has no code: ${geometry.properties.name}`)
  return key
}

function atlas(scale) {
  return require(`world-atlas/countries-${scale}.json`)
}

// Shapes: the 1:110m countries, simplified, with code-less parts merged in.
const small = simplify.presimplify(atlas('110m'), simplify.sphericalTriangleArea)
const topology = simplify.simplify(small, simplify.quantile(small, 1 - KEEP))
const byKey = new Map()
for (const geometry of topology.objects.countries.geometries) {
  const key = keyOf(geometry)
  check(seedKeys.has(key), `world-atlas code ${key} is not in seed/countries.tsv`)
  if (DROPPED.has(key)) continue
  byKey.set(key, [...(byKey.get(key) || []), geometry])
}
const shapes = [...byKey]
  .map(([key, parts]) => ({
    key,
    type: 'Feature',
    geometry:
      parts.length === 1
        ? topojson.feature(topology, parts[0]).geometry
        : topojson.merge(topology, parts)
  }))
  .sort((a, b) => (a.key < b.key ? -1 : 1))

const projection = geoEqualEarth().fitWidth(WIDTH, {
  type: 'FeatureCollection',
  features: shapes
})
const height = Math.ceil(geoPath(projection).bounds({
  type: 'FeatureCollection',
  features: shapes
})[1][1])

// A path context that rounds to whole units, drops repeated points and tiny
// rings, and writes relative coordinates: the shortest text for the page.
function pathData(feature) {
  const rings = []
  let ring = null
  const context = {
    moveTo(x, y) {
      ring = [[Math.round(x), Math.round(y)]]
      rings.push(ring)
    },
    lineTo(x, y) {
      const point = [Math.round(x), Math.round(y)]
      const last = ring[ring.length - 1]
      if (point[0] !== last[0] || point[1] !== last[1]) ring.push(point)
    },
    closePath() {
      const first = ring[0]
      const last = ring[ring.length - 1]
      if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop()
    },
    arc() {
      throw new Error('no point radius: polygons only')
    }
  }
  geoPath(projection, context)(feature)
  const area = (points) =>
    Math.abs(
      points.reduce((sum, [x, y], i) => {
        const [nx, ny] = points[(i + 1) % points.length]
        return sum + x * ny - nx * y
      }, 0) / 2
    )
  const measured = rings.map((points) => ({points, area: area(points)}))
  const largest = Math.max(...measured.map((r) => r.area))
  const kept = measured.filter(
    (r) => r.points.length >= 3 && (r.area >= MIN_RING_AREA || r.area === largest)
  )
  check(kept.length > 0, `${feature.key} has no ring left`)
  return kept
    .map(({points}) => {
      const [[x0, y0]] = points
      let d = `M${x0} ${y0}l`
      let [px, py] = [x0, y0]
      points.slice(1).forEach(([x, y], i) => {
        for (const [n, value] of [[0, x - px], [1, y - py]]) {
          if ((i > 0 || n > 0) && value >= 0) d += ' '
          d += value
        }
        ;[px, py] = [x, y]
      })
      return `${d}z`
    })
    .join('')
}

// Dots: countries with no 1:110m shape, at the centroid of the largest part
// of their 1:50m shape (1:10m when 1:50m has none either).
const larger = ['50m', '10m'].map((scale) => {
  const collection = atlas(scale)
  return new Map(
    collection.objects.countries.geometries
      .filter((geometry) => geometry.id !== undefined)
      .map((geometry) => [geometry.id, topojson.feature(collection, geometry)])
  )
})
function largestPart(feature) {
  const {geometry} = feature
  if (geometry.type !== 'MultiPolygon') return geometry
  return geometry.coordinates
    .map((coordinates) => ({type: 'Polygon', coordinates}))
    .reduce((a, b) => (geoArea(b) > geoArea(a) ? b : a))
}
const dots = []
const unplaced = []
for (const country of seed) {
  if (byKey.has(country.key) || DROPPED.has(country.key)) continue
  const feature = larger.map((shapes) => shapes.get(country.key)).find(Boolean)
  if (!feature) {
    unplaced.push(country)
    continue
  }
  const [x, y] = projection(geoCentroid(largestPart(feature)))
  dots.push({key: country.key, cx: Math.round(x * 10) / 10, cy: Math.round(y * 10) / 10})
}
for (const country of unplaced) {
  // Territories without people (Bouvet Island, …) may be missing; a country
  // with a population must be on the map.
  check(!country.population, `${country.alpha2} has a population but no shape at any scale`)
}

const lines = [
  '# The world map: country shapes projected once (Equal Earth), for web/static and',
  '# crates/web/src/map.rs. Generated by scripts/world-map/project.mjs; do not edit.',
  `# Source: Natural Earth 4.1.0 Admin 0 countries (public domain) via npm world-atlas ${pinned['world-atlas']} (ISC),`,
  `# topojson-client ${pinned['topojson-client']}, topojson-simplify ${pinned['topojson-simplify']}, d3-geo ${pinned['d3-geo']}.`,
  '# Regenerate: cd scripts/world-map && npm ci && node project.mjs',
  '# Columns: ISO 3166-1 numeric code (alpha-2 where there is none: XK), then either an',
  '# SVG path `d` (1:110m shape) or `cx cy` (a dot at the centroid of the 1:50m shape).',
  `viewBox\t0 0 ${WIDTH} ${height}`,
  ...shapes.map((feature) => `${feature.key}\t${pathData(feature)}`),
  ...dots.sort((a, b) => (a.key < b.key ? -1 : 1)).map((d) => `${d.key}\t${d.cx} ${d.cy}`)
]
writeFileSync(OUT, `${lines.join('\n')}\n`)
console.log(
  `wrote ${OUT}: ${shapes.length} shapes, ${dots.length} dots, ` +
    `not placed (no population): ${unplaced.map((c) => c.alpha2).join(' ') || 'none'}`
)
