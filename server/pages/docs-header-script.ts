import { PAGE_HEADER_HTML } from './page-style.ts'

/**
 * A script file for /docs (Swagger UI builds its page itself): puts the service's header, with the
 * link back to the map, at the top of the page. Served from this origin, so the page's CSP allows it.
 */
export const DOCS_HEADER_SCRIPT = `(function () {
  var template = document.createElement('template');
  template.innerHTML = ${JSON.stringify(PAGE_HEADER_HTML)};
  document.body.insertBefore(template.content, document.body.firstChild);
})();
`
