/**
 * GeoJSON (RFC 7946) for datasets with coordinates: a longitude and a latitude column,
 * recognised by name and holding numbers. Each row is a Point feature whose properties are
 * the columns asked for; a row without usable coordinates keeps its properties and has a
 * null geometry, as the RFC allows.
 */
import type { TableField } from '../schemas/dataset-version.ts';
import type { ColumnTable } from './column-table.ts';
import { rowItems, safeJson } from './row-output.ts';

const LONGITUDE_NAMES = ['lng', 'lon', 'longitude', '经度'];
const LATITUDE_NAMES = ['lat', 'latitude', '纬度'];

/** The names of the longitude and latitude columns, or undefined when the dataset has none. */
export function coordinateColumns(
  fields: readonly Pick<TableField, 'name' | 'type'>[],
): { longitude: string; latitude: string } | undefined {
  const find = (names: readonly string[]) =>
    fields.find(
      (f) => (f.type === 'number' || f.type === 'integer') && names.includes(f.name.toLowerCase()),
    )?.name;
  const longitude = find(LONGITUDE_NAMES);
  const latitude = find(LATITUDE_NAMES);
  return longitude && latitude ? { longitude, latitude } : undefined;
}

/** A FeatureCollection of the rows, coordinates as [longitude, latitude]. */
export function geojsonBody(
  table: ColumnTable,
  rows: ArrayLike<number>,
  names: readonly string[],
  coordinates: { longitude: string; latitude: string },
): string {
  const longitude = table.column(coordinates.longitude)!;
  const latitude = table.column(coordinates.latitude)!;
  const items = rowItems(table, rows, names);
  const features = items.map((properties, i) => {
    const x = longitude.value(rows[i]!);
    const y = latitude.value(rows[i]!);
    const valid =
      typeof x === 'number' && typeof y === 'number' && Math.abs(x) <= 180 && Math.abs(y) <= 90;
    return {
      type: 'Feature',
      geometry: valid ? { type: 'Point', coordinates: [x, y] } : null,
      properties,
    };
  });
  return safeJson({ type: 'FeatureCollection', features });
}
