/** The facet panel of the search page: checkboxes with counts in one GET form, applied by a button or a script. */
import type { SearchResult } from '../../search-api/schemas.js';
import { formatNumber, plural, PRACTICES } from '../format.js';
import { searchFacets } from '../facets.js';

/**
 * How many values of a facet show at once; the rest fold into a «Ещё N» disclosure inside the fieldset, rather
 * than a scrolling box that hides its last item and gives no cue that more are there.
 */
const SHOWN = 6;

type FacetValue = NonNullable<SearchResult['facets'][keyof SearchResult['facets']]>[number];

function FacetValues({ param, values }: { param: string; values: FacetValue[] }) {
  return (
    <ul>
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
  );
}

/** Every facet with at least one value, each a fieldset of checkboxes named as the API's parameter. */
export function FacetPanel({ facets, chosen }: { facets: SearchResult['facets']; chosen: number }) {
  // Nothing found and nothing chosen: no panel of empty headings.
  if (searchFacets().every(({ param }) => (facets[param] ?? []).length === 0)) return null;
  return (
    <details class="filters" id="filters" open>
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
        // Folding away a single value would save nothing.
        const folded = values.length > SHOWN + 1 ? values.slice(SHOWN) : [];
        return (
          <fieldset>
            <legend>{label}</legend>
            <FacetValues param={param} values={folded.length > 0 ? values.slice(0, SHOWN) : values} />
            {folded.length > 0 ? (
              // Open when a folded value is chosen, so what is applied is never out of sight.
              <details class="more" open={folded.some((v) => v.selected)}>
                <summary>
                  Ещё {formatNumber(folded.length)}
                  <span class="visually-hidden"> — {label}</span>
                </summary>
                <FacetValues param={param} values={folded} />
              </details>
            ) : null}
          </fieldset>
        );
      })}
      <button class="button no-js-only" type="submit">
        Применить фильтры
      </button>
    </details>
  );
}
