// The 34 prefecture-level cities of seed 001 (Han et al. 2026, §3.1): all prefecture-level cities of Liaoning,
// Jilin and Heilongjiang except Yanbian Korean Autonomous Prefecture and the Greater Khingan Range region.
//
// lon / lat: APPROXIMATE city-centre coordinates in degrees, written from general knowledge (not surveyed; good
// to a few km, which is all an inverse-distance weight over 100–1300 km needs).
// resourceBased: the 19 of these 34 listed as resource-based cities in the State Council's National Sustainable
// Development Plan for Resource-based Cities (2013–2020) (Guofa [2013] No. 45), as reproduced for the three
// provinces in Xu, Zang & Na (2020), Journal of Glaciology and Geocryology 42(2): 693, Table 5 (21 resource-based
// units there; Yanbian and the Greater Khingan region are outside the sample, leaving 19 — the paper's count, §4.4.1).
// emp10k / incomeTier: SYNTHETIC design inputs (plausible magnitudes chosen by hand, not data): urban-unit
// employment around 2010 in 10,000 persons, and a relative income level (−1 poorer … +2 richer) that seeds the
// synthetic GDP per capita.

export type Province = 'Liaoning' | 'Jilin' | 'Heilongjiang';

export interface City {
  name: string;
  province: Province;
  lon: number;
  lat: number;
  resourceBased: boolean;
  emp10k: number;
  incomeTier: number;
}

const c = (
  name: string,
  province: Province,
  lon: number,
  lat: number,
  resourceBased: boolean,
  emp10k: number,
  incomeTier: number,
): City => ({
  name,
  province,
  lon,
  lat,
  resourceBased,
  emp10k,
  incomeTier,
});

export const CITIES: readonly City[] = [
  // Liaoning (14)
  c('Shenyang', 'Liaoning', 123.43, 41.8, false, 175, 1),
  c('Dalian', 'Liaoning', 121.61, 38.91, false, 160, 2),
  c('Anshan', 'Liaoning', 122.99, 41.11, true, 24.5, 1),
  c('Fushun', 'Liaoning', 123.96, 41.88, true, 17.5, 0),
  c('Benxi', 'Liaoning', 123.77, 41.29, true, 10.5, 0),
  c('Dandong', 'Liaoning', 124.38, 40.12, false, 12, 0),
  c('Jinzhou', 'Liaoning', 121.13, 41.1, false, 14, 0),
  c('Yingkou', 'Liaoning', 122.24, 40.67, false, 12.5, 1),
  c('Fuxin', 'Liaoning', 121.67, 42.02, true, 8.5, -1),
  c('Liaoyang', 'Liaoning', 123.24, 41.27, false, 9, 0),
  c('Panjin', 'Liaoning', 122.07, 41.12, true, 12, 2),
  c('Tieling', 'Liaoning', 123.84, 42.29, false, 8.5, -1),
  c('Chaoyang', 'Liaoning', 120.45, 41.57, false, 9, -1),
  c('Huludao', 'Liaoning', 120.84, 40.71, true, 9, -1),
  // Jilin (8)
  c('Changchun', 'Jilin', 125.32, 43.82, false, 145, 1),
  c('Jilin', 'Jilin', 126.55, 43.84, true, 24.5, 0),
  c('Siping', 'Jilin', 124.35, 43.17, false, 9, -1),
  c('Liaoyuan', 'Jilin', 125.14, 42.89, true, 5, 0),
  c('Tonghua', 'Jilin', 125.94, 41.73, true, 8.5, 0),
  c('Baishan', 'Jilin', 126.42, 41.94, true, 6.5, 0),
  c('Songyuan', 'Jilin', 124.83, 45.14, true, 8.5, 1),
  c('Baicheng', 'Jilin', 122.84, 45.62, false, 5.5, -1),
  // Heilongjiang (12)
  c('Harbin', 'Heilongjiang', 126.63, 45.75, false, 150, 0),
  c('Qiqihar', 'Heilongjiang', 123.92, 47.35, false, 17.5, -1),
  c('Jixi', 'Heilongjiang', 130.97, 45.3, true, 12.5, -1),
  c('Hegang', 'Heilongjiang', 130.28, 47.33, true, 10, -1),
  c('Shuangyashan', 'Heilongjiang', 131.16, 46.65, true, 10, -1),
  c('Daqing', 'Heilongjiang', 125.1, 46.59, true, 28, 2),
  c('Yichun', 'Heilongjiang', 128.84, 47.73, true, 14, -1),
  c('Jiamusi', 'Heilongjiang', 130.32, 46.8, false, 11, -1),
  c('Qitaihe', 'Heilongjiang', 131.0, 45.77, true, 7, -1),
  c('Mudanjiang', 'Heilongjiang', 129.63, 44.55, true, 12, 0),
  c('Heihe', 'Heilongjiang', 127.53, 50.25, true, 5.5, -1),
  c('Suihua', 'Heilongjiang', 126.97, 46.65, false, 10, -1),
];
