/** Import and export of the sociale kaart (HSDS JSON, HSDS CSV package, library spreadsheet). */
export function ImportPage(_props: { organisationId: string | undefined }) {
  return (
    <section aria-labelledby="import-heading">
      <h1 class="utrecht-heading-1" id="import-heading">Kaart importeren of exporteren</h1>
    </section>
  );
}
