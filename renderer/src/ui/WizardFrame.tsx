// A wizard's frame, as XenCenter's: the pages in a side list, the page's heading and intro above it, what it
// still needs below it, and < Back / Next > / Finish / Cancel along the bottom. A page's problems keep Next
// (and the later steps in the list) closed; a new page focuses its first field, Enter goes on
// (wizard-keys.ts), Escape cancels (Dialog). The wizard keeps its pages, its model and which page is shown.
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { Dialog } from './Dialog';
import { enterGoesOn, firstField } from './wizard-keys';
import './wizard.css';

interface WizardFrameProps {
  /** The dialog's title. */
  title: string;
  /** The dialog's class (the wizard's width). */
  className: string;
  /** The form's class: the wizard's own page styles are scoped under it. */
  formClassName: string;
  pages: readonly string[];
  page: number;
  /** Each page's problems: a page with problems keeps Next, Finish and the later steps closed. */
  problems: readonly (readonly string[])[];
  onPage(page: number): void;
  /** Finish, once no page has problems. */
  onFinish(): void;
  onCancel(): void;
  heading: string;
  intro?: string;
  /** What the page lists below it (default: its problems). */
  listed?: readonly string[];
  /** Shown between the page and its list (e.g. why Finish failed). */
  notice?: ReactNode;
  /** Finish is under way: the steps, Back, Finish and Enter do nothing, and the list is hidden. */
  finishing?: boolean;
  /** Next is held (e.g. while a scan runs). */
  holdNext?: boolean;
  /** The form's aria-busy. */
  busy?: boolean;
  /** In place of "Step n of N" (e.g. what Finish is doing). */
  status?: ReactNode;
  /** The page. */
  children: ReactNode;
}

export function WizardFrame(props: WizardFrameProps) {
  const { pages, page, problems, onPage, finishing = false } = props;
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const pageRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // The furthest page reachable: every page before it has no problems.
  const reachable = problems.findIndex((p) => p.length > 0);
  const lastOpen = reachable < 0 ? pages.length - 1 : reachable;
  const last = pages.length - 1;

  useEffect(() => {
    if (first.current) { first.current = false; return; }
    // The new page's first field (Enter then goes on); a page without one: its heading, for screen readers.
    (firstField(pageRef.current ?? document) ?? heading.current)?.focus();
  }, [page]);

  const go = (to: number) => { if (to >= 0 && to <= lastOpen && to < pages.length && !finishing) onPage(to); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems[page].length || finishing) return;
    if (page < last) go(page + 1);
    else if (reachable >= 0) onPage(reachable);
    else props.onFinish();
  };
  const listed = props.listed ?? problems[page];

  return (
    <Dialog title={props.title} onCancel={props.onCancel} className={`wizard-dialog ${props.className}`}>
      <form className={`wizard ${props.formClassName}`} onSubmit={submit} onKeyDown={enterGoesOn} noValidate aria-busy={props.busy}>
        <div className="wizard-body">
          <nav className="wizard-steps" aria-label="Wizard steps">
            <ol>
              {pages.map((p, i) => (
                <li key={p}>
                  <button type="button" className={`wizard-step${i === page ? ' current' : ''}`} aria-current={i === page ? 'step' : undefined}
                    aria-label={`Step ${i + 1}: ${p}`} disabled={i > lastOpen || finishing} onClick={() => go(i)}>
                    <span className="wizard-step-no" aria-hidden="true">{i + 1}</span>{p}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
          <section className="wizard-page" aria-labelledby={headingId} ref={pageRef}>
            <h3 id={headingId} ref={heading} tabIndex={-1} className="wizard-heading">{props.heading}</h3>
            {props.intro ? <p className="wizard-intro">{props.intro}</p> : null}
            <div className="wizard-content">{props.children}</div>
            {props.notice}
            {listed.length && !finishing ? (
              <ul className="wizard-problems" role="status" aria-label="What this page still needs">
                {listed.map((m) => <li key={m}>{m}</li>)}
              </ul>
            ) : null}
          </section>
        </div>
        <div className="dialog-buttons wizard-buttons">
          <span className="wizard-step-count">{props.status ?? `Step ${page + 1} of ${pages.length}`}</span>
          <button type="button" onClick={() => go(page - 1)} disabled={page === 0 || finishing} title={page === 0 ? 'This is the first page' : undefined}>&lt; Back</button>
          {page < last
            ? <button type="submit" className="primary" disabled={problems[page].length > 0 || !!props.holdNext} title={problems[page].length > 0 ? `${pages[page]}: ${problems[page].join('; ')}` : undefined}>Next &gt;</button>
            : <button type="submit" className="primary" disabled={reachable >= 0 || finishing} title={reachable >= 0 ? `${pages[reachable]}: ${problems[reachable].join('; ')}` : undefined}>Finish</button>}
          <button type="button" onClick={props.onCancel}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
