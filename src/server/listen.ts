/** Where the server listens: PORT read strictly, and a failed listen said in Dutch (serve.ts). */

/**
 * Reads `PORT`: unset or empty is 8080 (as an empty HOST is 127.0.0.1); else digits only, 0 to 65535 (0: any free port,
 * for tests). `Number` alone read an empty PORT as 0, a random port nobody could find, and took `0x1F90` and `1e3`.
 */
export function portFromEnv(value: string | undefined): number {
  const text = (value ?? '').trim();
  if (text === '') return 8080;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port <= 65_535)) throw new Error(`PORT moet een getal van 0 tot 65535 zijn, niet "${value}".`);
  return port;
}

/** A listen that failed, said in one Dutch line that names what to change. */
export function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new Error(`Poort ${port} op ${host} is al in gebruik door een ander programma. Stop dat programma, of kies een andere PORT.`);
    case 'EACCES':
      return new Error(`Dit proces mag poort ${port} op ${host} niet gebruiken (een poort onder 1024 vraagt extra rechten). Kies een PORT vanaf 1024.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`HOST=${host} is geen adres van deze machine. Laat HOST leeg (127.0.0.1), of zet HOST=0.0.0.0 voor elk netwerk.`);
    default:
      return error;
  }
}

