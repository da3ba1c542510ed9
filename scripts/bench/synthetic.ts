/**
 * Synthetic bilingual catalogs for the benchmark, written in the seed format so the
 * whole path (parse → merge → index → answer) is measured. Deterministic for a size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ZH = [
  '病理',
  '心电',
  '胸部 X 光',
  '放射报告',
  '麻醉',
  '睡眠',
  '分割',
  '精神科',
  '心理健康',
  '超声',
  '胎儿',
  '脑电',
  '肿瘤',
  '癌症',
  '生存分析',
  '电子病历',
  '临床笔记',
  '问答',
  '视觉问答',
  '报告生成',
  '大语言模型',
  '多模态',
  '基准',
  '数据集',
  '强化学习',
  '智能体',
  '对话',
  '问诊',
  '诊断',
  '可解释性',
  '公平性',
  '偏差',
  '隐私',
  '异常检测',
  '少样本',
  '因果推断',
  '扩散模型',
  '护理',
  '呼吸音',
  '医学影像',
  '推理',
  '幻觉',
  '重症监护',
  '基因组',
  '精准医疗',
];
const JOIN = ['的', '与', '中', '驱动的', '面向', '基于', '用于'];
const EN =
  'model models clinical medical patient patients data dataset benchmark learning language large vision image images report reports segmentation pathology radiology electrocardiogram sleep anesthesia mental health evaluation reasoning diagnosis treatment survival hospital notes text multimodal reinforcement agent dialogue question answering fairness bias privacy robust generalization transformer foundation pretraining fine-tuning annotation expert physicians outcome prediction risk cohort trial ultrasound fetal tumor cancer brain chest x-ray ecg eeg mri ct accuracy performance framework method approach novel propose introduce results show state-of-the-art tasks across settings'.split(
    ' ',
  );
const TAGS = ['trustworthy medical AI', 'clinical NLP', 'clinical prediction', 'medical LLM agent', '医疗多模态', '临床语言智能'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function writeSyntheticCatalog(dir: string, size: number): void {
  mkdirSync(dir, { recursive: true });
  const r = rng(size);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const name = () =>
    `${pick(['Med', 'Path', 'Cardio', 'Neuro', 'Onco', 'Derm', 'Radi', 'Clin'])}${pick(['Net', 'Bench', 'GPT', 'Seg', 'Agent', 'Former', 'VQA'])}-${Math.floor(r() * 999)}`;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(EN)).join(' ');
  const perFile = 5000;
  for (let f = 0; f * perFile < size; f++) {
    const lines: string[] = [];
    for (let i = f * perFile; i < Math.min(size, (f + 1) * perFile); i++) {
      const title = `${name()}:${pick(ZH)}${pick(JOIN)}${pick(ZH)}${pick(['研究', '方法', '基准', '框架', '数据集'])} ${i}`;
      const description = `${sentence(12)}. We introduce ${title.split(':')[0]}, ${sentence(40)}.`;
      const kind = r();
      if (kind < 0.8) {
        lines.push(`论文ICLR 2026 Poster2026 年${pick(TAGS)} ${title}`, description);
      } else if (kind < 0.92) {
        lines.push(`数据资源Clinical textClinical datasetAbout ${Math.floor(r() * 900)}K records${r() < 0.5 ? '开放访问' : '申请访问'} ${title}`, description);
      } else if (kind < 0.96) {
        const month = 1 + Math.floor(r() * 12);
        lines.push(
          `技术竞赛报名中${sentence(3)}Imaging data截止 北京时间 2027-${String(month).padStart(2, '0')}-15 ${title}`,
          `${description} 赛程含 ${month}.1-${month}.10 初赛。`,
        );
      } else {
        const month = 1 + Math.floor(r() * 12);
        lines.push(
          `征稿与合作Venue ${i}截止 北京时间 2027-${String(month).padStart(2, '0')}-20会议征稿 ${title}`,
          `Papers due 2027-${String(month).padStart(2, '0')}-20 AoE and conference dates 2027-12-01 to 2027-12-03 in Vienna. ${description}`,
        );
      }
    }
    writeFileSync(join(dir, `synthetic_${String(f).padStart(3, '0')}.txt`), `${lines.join('\n')}\n`);
  }
}

/** A mixed query set: Chinese, English, names, typos, intents, long common-word questions. */
export const QUERIES = [
  '病理',
  '心电 基础模型',
  '胸部 X 光 报告生成',
  '麻醉',
  '睡眠 呼吸暂停',
  '心理健康',
  '有没有关于心理健康的论文',
  '推荐一些关于麻醉的论文',
  'pathology segmentation',
  'chest x-ray report generation',
  'mental health benchmark',
  'papers about ECG',
  'sleep',
  'fetal ultrasound',
  'doctor r1',
  'MIMIC-IV-Note',
  'mimic cxr',
  'PathNet-12',
  'medgpt',
  'cardio bench',
  'segmentaton',
  'anesthesiolgy',
  'electrocardiogrm benchmark',
  'radiolgy reports',
  'EMNLP 什么时候截止',
  'when is the NLPCC deadline',
  'how do I get access to MIMIC-IV-Note',
  '/deadline',
  '/dataset 开放',
  '/help',
  'a large benchmark for the evaluation of medical language models in clinical practice across hospitals',
  '大语言模型 多模态 医学影像 推理 基准 数据集',
  'LLM 麻醉',
  'ECG 生成',
  'MedGemma 模型',
];
