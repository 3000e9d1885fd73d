import type { Page } from 'playwright-core'

/** Checks shared by the accessibility tests of the map, the editing tools and the admin page. */

/** The element with the keyboard focus: what it is and whether its focus ring shows. */
export async function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    return {
      tag: element?.tagName,
      id: element?.id,
      text: element?.textContent?.trim(),
      zone: element?.closest('[data-zone]')?.getAttribute('data-zone') ?? null,
      outline: element ? getComputedStyle(element).outlineStyle : 'none',
    }
  })
}

/**
 * Text whose colour against its background (the nearest opaque one, transparency composited) is
 * below 4.5:1, for the visible text of the page outside the map's drawing panes.
 */
export async function lowContrastText(page: Page): Promise<{ failures: string[]; checked: number }> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number]
    const parse = (value: string): Rgba => {
      const parts = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0]
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1]
    }
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3]
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1]
    }
    const background = (element: Element | null): Rgba => {
      const layers: Rgba[] = []
      for (let node = element; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor)
        if (colour[3] > 0) layers.push(colour)
        if (colour[3] >= 1) break
      }
      return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1] as Rgba)
    }
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (c: number) => {
        const s = c / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    const failures: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const seen = new Set<Element>()
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement
      if (!element || seen.has(element) || !node.textContent?.trim()) continue
      seen.add(element)
      if (element.closest('.leaflet-basemap-labels-pane, noscript, .visually-hidden, [hidden], [aria-hidden="true"]')) continue
      const style = getComputedStyle(element)
      if (style.visibility !== 'visible' || element.getClientRects().length === 0) continue
      const text = over(parse(style.color), background(element))
      const back = background(element)
      const [l1, l2] = [luminance(text), luminance(back)].sort((a, b) => b - a) as [number, number]
      const ratio = (l1 + 0.05) / (l2 + 0.05)
      if (ratio < 4.5) failures.push(`${ratio.toFixed(2)}:1 "${node.textContent.trim().slice(0, 40)}" (${element.className || element.tagName})`)
    }
    return { failures, checked: seen.size }
  })
}

/** Visible controls (buttons, fields, links, tabs) without an accessible name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const nameOf = (element: HTMLElement): string => {
      const labelledBy = element.getAttribute('aria-labelledby')
      const labels = (element as HTMLInputElement).labels
      return (
        element.getAttribute('aria-label') ??
        (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
        (labels && labels.length > 0 ? labels[0]!.textContent : null) ??
        (element.textContent?.trim() || element.getAttribute('title') || '')
      ).trim()
    }
    return Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [role="button"], [role="slider"], [role="tab"], summary'))
      .filter((element) => element.getClientRects().length > 0 || element.closest('details'))
      .filter((element) => nameOf(element) === '')
      .map((element) => element.outerHTML.slice(0, 120))
  })
}
