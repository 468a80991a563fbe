import type { DBCore, DBCoreMutateRequest } from 'dexie';
import type { PledgemarkDB } from '../../lib/store/db';
import type { Annotation, NewAnnotation } from '../../lib/schema/annotation';

const KINDS = ['target', 'reported', 'commitment', 'selection'] as const;

/** A valid NewAnnotation; `over` replaces any field. */
export function newAnnotation(over: Partial<NewAnnotation> = {}): NewAnnotation {
  return {
    url: 'http://www.example.gov.cn/jyj/2020/report.html',
    title: '2019年工作总结和2020年工作要点',
    site: 'www.example.gov.cn',
    kind: 'target',
    quote: { type: 'TextQuoteSelector', exact: '新增公办学位5370个', prefix: '2020年，', suffix: '，完成' },
    position: { type: 'TextPositionSelector', start: 120, end: 131 },
    fields: { value: 5370, valueMax: null, unit: '个', comparator: null, deadline: 2020, metric: '公办学位', strength: 'binding', approximate: false },
    context: '2020年，新增公办学位5370个，完成既定任务。',
    note: '',
    tags: [],
    ...over,
  };
}

/** The i-th of a varied, valid set of saved annotations (deterministic). */
export function annotation(i: number, over: Partial<Annotation> = {}): Annotation {
  const kind = KINDS[i % KINDS.length];
  const site = `www.site${i % 7}.gov.cn`;
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + (i % 12)).padStart(2, '0');
  const created = `${2021 + (i % 4)}-${month}-${day}T08:${String(i % 60).padStart(2, '0')}:00.000Z`;
  const number = kind === 'target' || kind === 'reported';
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    url: `http://${site}/jyj/report-${i % 50}.html?id=${i % 50}`,
    title: `教育局工作报告 ${i % 50}`,
    site,
    kind,
    quote: { type: 'TextQuoteSelector', exact: `新增公办学位${1000 + i}个`, prefix: '到2025年，', suffix: '，覆盖率' },
    position: { type: 'TextPositionSelector', start: i * 10, end: i * 10 + 11 },
    fields: {
      value: number ? 1000 + i : null,
      valueMax: null,
      unit: number ? '个' : null,
      comparator: number ? '>=' : null,
      deadline: i % 3 === 0 ? 2025 : i % 3 === 1 ? '年底' : null,
      metric: number ? '公办学位' : null,
      strength: kind === 'selection' ? null : 'binding',
      approximate: false,
    },
    context: `到2025年，新增公办学位${1000 + i}个，覆盖率达到95%。`,
    note: i % 5 === 0 ? `note ${i} 待核实` : '',
    tags: i % 4 === 0 ? ['学位', `t${i % 3}`] : [],
    createdAt: created,
    updatedAt: created,
    ...over,
  };
}

export function annotations(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => annotation(i));
}

/** Makes every table mutation after the first `okCalls` fail like a full disk; returns the count of mutations so far. */
export function quotaAfter(db: PledgemarkDB, okCalls: number): () => number {
  let calls = 0;
  db.use({
    stack: 'dbcore',
    name: 'quota-simulator',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string) {
          const t = down.table(name);
          return {
            ...t,
            mutate(req: DBCoreMutateRequest) {
              calls += 1;
              if (calls > okCalls) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
              return t.mutate(req);
            },
          };
        },
      };
    },
  });  return () => calls;
}
