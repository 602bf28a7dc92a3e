// The one CSV writer lives in the pure core; this name stays for the server modules that import it.
export * from '../domain/csv.ts';
