import { describe, expect, it } from 'vitest';
import { clusterUrl, socketFolder } from '../../src/server/db/embedded';
import { connectionOf, openPostgres, throughSocket } from '../../src/server/db/postgres';

describe('reaching PostgreSQL through a Unix socket', () => {
  it('takes a socket folder as libpq does (?host=/folder), and leaves every other URL as it is', () => {
    expect(connectionOf('postgres://u:p@127.0.0.1:5432/ido?host=%2Fsrv%2Fdata%2Fpostgres')).toEqual({
      url: 'postgres://u:p@127.0.0.1:5432/ido',
      host: '/srv/data/postgres',
    });
    // Other settings in the query stay with the URL.
    expect(connectionOf('postgres://u:p@localhost:5432/ido?host=/run/postgresql&sslmode=disable')).toEqual({
      url: 'postgres://u:p@localhost:5432/ido?sslmode=disable',
      host: '/run/postgresql',
    });
    expect(throughSocket('postgres://u:p@localhost:5432/ido?sslmode=disable', '/run/postgresql')).toBe('postgres://u:p@localhost:5432/ido?sslmode=disable&host=%2Frun%2Fpostgresql');
    expect(connectionOf(throughSocket('postgres://u:p@localhost:5432/ido', '/run/postgresql'))).toEqual({ url: 'postgres://u:p@localhost:5432/ido', host: '/run/postgresql' });
    for (const url of ['postgres://u:p@db.example.nl:5432/ido', 'postgres://u:p@db.example.nl/ido?sslmode=require', 'postgres://u:p@x/ido?host=db2', 'postgres://u:p@h1:5432,h2:5432/ido?target_session_attrs=read-write']) {
      expect(connectionOf(url)).toEqual({ url });
    }
  });

  it("puts the embedded cluster's socket in its own folder, unless the path is too long or needs quoting", () => {
    expect(socketFolder('/srv/ido/data/postgres', 5432)).toBe('/srv/ido/data/postgres');
    // macOS takes socket paths of at most 103 bytes (Linux 107): ".s.PGSQL.65535" and a slash leave 88 for the folder.
    expect(socketFolder(`/${'a'.repeat(87)}`, 65535)).toBe(`/${'a'.repeat(87)}`);
    expect(socketFolder(`/${'a'.repeat(88)}`, 65535)).toBeUndefined();
    expect(socketFolder('/srv/my data/postgres', 5432)).toBeUndefined();
    expect(socketFolder("/srv/o'brien/postgres", 5432)).toBeUndefined();
    expect(clusterUrl('p/w', 5432, '/srv/ido/data/postgres')).toBe('postgres://ido:p%2Fw@127.0.0.1:5432/postgres?host=%2Fsrv%2Fido%2Fdata%2Fpostgres');
    expect(clusterUrl('pw', 5432, undefined)).toBe('postgres://ido:pw@127.0.0.1:5432/postgres');
    expect(connectionOf(clusterUrl('p/w', 5432, '/srv/ido/data/postgres'))).toEqual({
      url: 'postgres://ido:p%2Fw@127.0.0.1:5432/postgres',
      host: '/srv/ido/data/postgres',
    });
  });
});

describe('a DATABASE_URL that is no address', () => {
  it('is refused with a Dutch message that says how to write it, and does not carry the password along', () => {
    for (const url of ['not a url s3cret-pw', 'postgres://ido:s3cret@pw@db:port/ido', 'postgres://ido:s3cret-pw@db:99999/ido']) {
      let thrown: unknown;
      try {
        openPostgres(url);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, url).toBeInstanceOf(Error);
      expect((thrown as Error).message).toMatch(/^DATABASE_URL is geen geldig adres van een PostgreSQL-database\. Schrijf het als postgres:\/\/gebruiker:wachtwoord@host:5432\/database; .*%40/);
      // Node's "Invalid URL" error kept the whole address (its password) in `input`, for anything that logs the error.
      expect(JSON.stringify(thrown, Object.getOwnPropertyNames(thrown))).not.toContain('s3cret');
    }
  });
});
