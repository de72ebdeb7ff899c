/** The facet panel of the search page: checkboxes with counts in one GET form, applied by a button or a script. */
import type { SearchResult } from '../../search/schemas.js';
import { formatNumber, plural, PRACTICES } from '../format.js';
import { searchFacets } from '../facets.js';

/** Lists longer than this scroll inside the panel so the panel stays short. */
const LONG_LIST = 8;

/** Every facet with at least one value, each a fieldset of checkboxes named as the API's parameter. */
export function FacetPanel({ facets, chosen }: { facets: SearchResult['facets']; chosen: number }) {
  return (
    <details class="filters" open>
      <summary>
        Фильтры
        {chosen > 0 ? <span class="meta"> (выбрано: {chosen})</span> : null}
      </summary>
      <p class="meta js-only" hidden>
        Фильтр применяется сразу, как только вы его отметите.
      </p>
      {searchFacets().map(({ param, label }) => {
        const values = facets[param] ?? [];
        if (values.length === 0) return null;
        return (
          <fieldset>
            <legend>{label}</legend>
            <ul class={values.length > LONG_LIST ? 'long' : undefined}>
              {values.map((v) => (
                <li>
                  <label>
                    <input type="checkbox" name={param} value={v.value} checked={v.selected} />
                    <span>{v.label}</span>
                    <span class="count">
                      {formatNumber(v.count)}
                      <span class="visually-hidden"> {plural(v.count, PRACTICES)}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
      <button class="button no-js-only" type="submit">
        Применить фильтры
      </button>
    </details>
  );
}
