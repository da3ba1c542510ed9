/** Every sentence the core says, in both languages. */
import type { Kind } from '../catalog/schema.js';
import { BEIJING } from '../time/zones.js';
import type { Lang } from './reply.js';

const KIND_LABELS: Record<Kind, { zh: string; en: string }> = {
  paper: { zh: '论文', en: 'Paper' },
  dataset: { zh: '数据资源', en: 'Dataset/model' },
  competition: { zh: '竞赛', en: 'Competition' },
  cfp: { zh: '征稿', en: 'Call for papers' },
  course: { zh: '课程', en: 'Course' },
  other: { zh: '其他', en: 'Other' },
};

/** What a comparison asks of each item: an access, code, or being held in a continent (named). */
export type Condition = 'open' | 'apply' | 'code' | { region: string };

export function kindLabel(kind: Kind, lang: Lang): string {
  return KIND_LABELS[kind][lang];
}

const MESSAGES = {
  zh: {
    results: (n: number | string, q: string) => `找到 ${n} 条与「${q}」相关的结果:`,
    noResults: (q: string) => `没有找到与「${q}」相关的条目。试试更短的关键词,或换成英文/中文。`,
    askTopic: (cmd: string) => `请告诉我主题,例如:/${cmd} 病理`,
    narrow: (cmd: string) => `加上主题可缩小范围,例如:/${cmd} 病理`,
    page: (p: number, n: number) => `第 ${p}/${n} 页`,
    more: (cmd: string) => `输入「更多」或 /${cmd} 加 page:N 查看下一页。`,
    openDeadlines: (n: number) => `当前未截止的 ${n} 个 deadline(按时间排序):`,
    noneOpen: '目前没有未截止的 deadline。',
    noneOpenOf: (what: string) => `${what}:目前没有未截止的。`,
    nextUp: '接下来的日程:',
    recentlyClosed: '最近截止的:',
    noDeadline: (t: string) => `「${t}」在目录中没有截止日期。`,
    deadlineOf: (q: string) => `「${q}」的截止时间与日程:`,
    noMore: '没有更多结果了。',
    empty: '请输入问题或命令,例如「EMNLP 什么时候截止」、/paper 病理、/help。',
    unknownCommand: (c: string, s?: string) => `没有 /${c} 这个命令。${s ? `你是想用 /${s} 吗?` : ''}输入 /help 查看全部命令。`,
    truncated: (n: number) => `(消息过长,只按前 ${n} 个字符搜索)`,
    error: '抱歉,处理这条消息时出错了,请稍后再试。',
    busy: '订阅数据库正忙(另一个进程正在写入),请过几秒再试。',
    helpTitle: '我可以回答关于医学 AI 论文、数据集、竞赛与征稿的问题:',
    helpFree:
      '也可以直接提问,例如:「有没有关于心理健康的论文」「EMNLP 什么时候截止」「心电或脑电的论文」「how do I get access to MIMIC-IV-Note」;或直接说「我在东京」「提醒我 NLPCC 截止」。',
    accessOpen: '开放访问:可直接下载使用',
    accessApply: '申请访问:需先在数据平台注册、完成要求的培训并签署数据使用协议,获批后下载',
    accessOther: (label: string) => `访问方式:${label}`,
    nextStepLink: (l: string) => `下一步:打开 ${l}`,
    nextStepCard: (where: string) => `下一步:查看${where}`,
    nothingAbout: (q: string) => `目录中没有关于「${q}」的条目。`,
    nothingAboutKinds: (q: string, what: string) => `目录中没有关于「${q}」的${what}。`,
    relatedHeading: '可能相关的条目:',
    withoutCondition: (what: string, n: number) => `不限该条件的${what} (${n} 个):`,
    greeting: '你好!我可以帮你找医学 AI 的论文、数据集、竞赛与征稿,问我截止时间、是否需要申请、有没有代码都可以。输入 /help 查看用法。',
    thanks: '不客气!还有问题随时问我。',
    accessYesOpen: '是:开放访问,可直接下载。',
    accessNoApply: (steps: string) => `否:需要申请 — ${steps}`,
    accessNoOpen: '否:开放访问,可直接下载。',
    accessYesApply: (steps: string) => `是:需要申请 — ${steps}`,
    accessUnknown: (label: string) => `目录没有写明是否需要申请(${label})。`,
    accessHowOpen: (t: string) => `「${t}」开放访问,可直接下载。`,
    accessHowApply: (t: string, steps: string) => `「${t}」需要申请:${steps}`,
    codeYes: (t: string, links: string) => `是:「${t}」的代码链接:${links}`,
    codeNo: (t: string) => `目录中没有列出「${t}」的代码链接。`,
    otherLinks: (links: string) => `其他链接:${links}`,
    linkOf: (t: string, links: string) => `「${t}」的链接:${links}`,
    noLink: (t: string) => `目录中没有「${t}」的链接。`,
    detailOf: (t: string, label: string, value: string) => `「${t}」的${label}:${value}`,
    noDetail: (t: string, label: string) => `目录中没有写明「${t}」的${label}。`,
    milestoneFact: (label: string, when: string) => `${label}:${when}`,
    noMilestone: (t: string, label: string) => `目录中「${t}」没有${label}的日期;已知日程如下。`,
    noMilestoneAcross: (what: string, label: string) => `目录中的${what}都没有列出${label}日期。`,
    statusOpen: (t: string, when: string) => `是:「${t}」仍开放,截止 ${when}。`,
    statusClosed: (t: string, when: string) => `否:「${t}」已于 ${when} 截止。`,
    statusYesClosed: (t: string, when: string) => `是:「${t}」已于 ${when} 截止。`,
    statusNotClosed: (t: string, when: string) => `否:「${t}」还没截止,截止 ${when}。`,
    statusNone: (t: string) => `「${t}」在目录中没有截止日期。`,
    compareHaving: (is: Condition, having: string[], n: number) => {
      const phrase = is === 'apply' ? '需要申请' : is === 'open' ? '开放访问' : is === 'code' ? '有代码' : `在${is.region}举办`;
      if (having.length === 0) return `没有一个${phrase}。`;
      if (having.length === n) return `${n === 2 ? '两个都' : '都'}${phrase}。`;
      return `${phrase}的是:${having.join('、')}。`;
    },
    compareNoCode: '目录中没有代码链接',
    compareNoPlace: '目录中没有举办地点',
    accessShort: (access: string | undefined) => (access === 'open' ? '开放访问' : access === 'apply' ? '需要申请' : '目录未写明访问方式'),
    compareItem: (name: string, fact: string) => `· ${name}:${fact}`,
    compareFirst: (name: string) => `${name} 先截止。`,
    compareLast: (name: string) => `${name} 最晚截止。`,
    compareSameTime: '它们同时截止。',
    compareNoDeadline: '目录中没有截止日期',
    compareHeading: (names: string[]) => `${names.join('、')}:`,
    nextDeadline: '下一个截止:',
    emptyWindow: (what: string) => `${what}:目录中没有。`,
    firstAfter: (title: string, when: string) => `之后最近的截止:${title}(${when})。`,
    noLater: '之后也没有已知的截止。',
    countAnswer: (n: number) => `共 ${n} 个。`,
    lastClosed: (title: string, when: string) => `最近截止的是「${title}」(${when})。`,
    happeningNow: (title: string, what: string, when: string) => `正在进行:「${title}」${what}(${when})。`,
    comingNext: (title: string, what: string, when: string) => `接下来:「${title}」${what}(${when})。`,
    zoneShown: (z: { zone: string; label: string }) => (z.zone === BEIJING.zone ? '时间按北京时间显示,并附原时区。' : `时间按 ${z.label} 显示,并附原时区与北京时间。`),
    unknownZone: (z: string) => `不认识时区「${z}」;请用城市名、IANA 名(如 Asia/Tokyo)或 UTC+9。以下按北京时间显示。`,
    datasetPapers: '另有发布相关数据集或基准的论文(标为论文):',
    datasetPapersAfter: '列表末尾是发布相关数据集或基准的论文(标为论文)。',
    heading: (what: string, n: number) => `${what} (${n} 个):`,
    labels: {
      deadline: '截止',
      venue: '出处',
      tags: '主题',
      access: '获取',
      modality: '模态',
      type: '类型',
      scale: '规模/版本',
      status: '状态',
      data: '数据',
      links: '链接',
      quote: '原文',
      milestone: '日程',
      source: '来源',
    },
  },
  en: {
    results: (n: number | string, q: string) => `${n} result${n === 1 ? '' : 's'} for "${q}":`,
    noResults: (q: string) => `Nothing in the catalog matches "${q}". Try a shorter keyword, or ask in Chinese or English.`,
    askTopic: (cmd: string) => `Tell me a topic, e.g. /${cmd} pathology`,
    narrow: (cmd: string) => `Add a topic to narrow the list, e.g. /${cmd} pathology`,
    page: (p: number, n: number) => `page ${p}/${n}`,
    more: (cmd: string) => `Type "more" (or /${cmd} … page:N) for the next page.`,
    openDeadlines: (n: number) => `${n} open deadline${n === 1 ? '' : 's'}, soonest first:`,
    noneOpen: 'No deadline is open right now.',
    noneOpenOf: (what: string) => `${what}: none is open right now.`,
    nextUp: 'Coming up next:',
    recentlyClosed: 'Recently closed:',
    noDeadline: (t: string) => `"${t}" has no deadline in the catalog.`,
    deadlineOf: (q: string) => `Deadline and milestones for "${q}":`,
    noMore: 'There is nothing more to show.',
    empty: 'Ask me something or use a command, e.g. "when is the EMNLP deadline", /paper pathology, /help.',
    unknownCommand: (c: string, s?: string) => `There is no /${c} command.${s ? ` Did you mean /${s}?` : ''} Type /help for the list.`,
    truncated: (n: number) => `(message too long: searched its first ${n} characters)`,
    error: 'Sorry, something went wrong with that message. Please try again.',
    busy: 'The subscription database is busy (another process is writing to it). Please try again in a few seconds.',
    helpTitle: 'I answer questions about medical-AI papers, datasets, competitions and calls for papers:',
    helpFree:
      'You can also just ask: "papers about ECG", "when is the EMNLP deadline", "ECG or EEG papers", "有没有关于心理健康的论文"; or say "I\'m in Tokyo", "remind me about NLPCC".',
    accessOpen: 'Open access: download and use directly',
    accessApply: 'Apply for access: register on the host platform, complete the required training and sign the data use agreement; download once approved',
    accessOther: (label: string) => `Access: ${label}`,
    nextStepLink: (l: string) => `Next step: open ${l}`,
    nextStepCard: (where: string) => `Next step: see the ${where}`,
    nothingAbout: (q: string) => `Nothing in the catalog about "${q}".`,
    nothingAboutKinds: (q: string, what: string) => `Nothing in the catalog about "${q}" among ${lowerFirst(what)}.`,
    relatedHeading: 'Related entries that may help:',
    withoutCondition: (what: string, n: number) => `${what}, without that condition (${n}):`,
    greeting: 'Hi! I find medical-AI papers, datasets, competitions and calls for papers, and answer deadlines, access and code questions. Type /help to see how.',
    thanks: 'You are welcome! Ask me anything else any time.',
    accessYesOpen: 'Yes: open access, download directly.',
    accessNoApply: (steps: string) => `No: apply for access — ${steps}`,
    accessNoOpen: 'No: open access, download directly.',
    accessYesApply: (steps: string) => `Yes: apply for access — ${steps}`,
    accessUnknown: (label: string) => `The catalog does not say whether an application is needed (${label}).`,
    accessHowOpen: (t: string) => `"${t}" is open access: download it directly.`,
    accessHowApply: (t: string, steps: string) => `"${t}" needs an application: ${steps}`,
    codeYes: (t: string, links: string) => `Yes: code for "${t}": ${links}`,
    codeNo: (t: string) => `The catalog lists no code link for "${t}".`,
    otherLinks: (links: string) => `Other links: ${links}`,
    linkOf: (t: string, links: string) => `Links for "${t}": ${links}`,
    noLink: (t: string) => `The catalog has no link for "${t}".`,
    detailOf: (t: string, label: string, value: string) => `${label} of "${t}": ${value}`,
    noDetail: (t: string, label: string) => `The catalog does not give the ${label.toLowerCase()} of "${t}".`,
    milestoneFact: (label: string, when: string) => `${label}: ${when}`,
    noMilestone: (t: string, label: string) => `The catalog gives no ${lowerFirst(label)} date for "${t}"; its known milestones follow.`,
    noMilestoneAcross: (what: string, label: string) => `None of the ${lowerFirst(what)} in the catalog gives a ${label.toLowerCase()} date.`,
    statusOpen: (t: string, when: string) => `Yes: "${t}" is still open; it closes ${when}.`,
    statusClosed: (t: string, when: string) => `No: "${t}" closed on ${when}.`,
    statusYesClosed: (t: string, when: string) => `Yes: "${t}" closed on ${when}.`,
    statusNotClosed: (t: string, when: string) => `No: "${t}" has not closed yet; it closes ${when}.`,
    statusNone: (t: string) => `"${t}" has no deadline in the catalog.`,
    compareHaving: (is: Condition, having: string[], n: number) => {
      const [one, many] =
        is === 'apply'
          ? ['needs an application', 'need an application']
          : is === 'open'
            ? ['is open access', 'are open access']
            : is === 'code'
              ? ['has code', 'have code']
              : [`is held in ${is.region}`, `are held in ${is.region}`];
      if (having.length === 0) return `${n === 2 ? 'Neither' : 'None of them'} ${one}.`;
      if (having.length === n) return `${n === 2 ? 'Both' : 'All of them'} ${many}.`;
      const names = having.length === 1 ? having[0] : `${having.slice(0, -1).join(', ')} and ${having.at(-1)}`;
      return `${names} ${having.length > 1 ? many : one}.`;
    },
    compareNoCode: 'no code link in the catalog',
    compareNoPlace: 'no place in the catalog',
    accessShort: (access: string | undefined) => (access === 'open' ? 'open access' : access === 'apply' ? 'apply for access' : 'the catalog does not say how to get it'),
    compareItem: (name: string, fact: string) => `· ${name}: ${fact}`,
    compareFirst: (name: string) => `${name} closes first.`,
    compareLast: (name: string) => `${name} closes last.`,
    compareSameTime: 'They close at the same time.',
    compareNoDeadline: 'no deadline in the catalog',
    compareHeading: (names: string[]) => `${names.join(' and ')}:`,
    nextDeadline: 'The next deadline:',
    emptyWindow: (what: string) => `${what}: none in the catalog.`,
    firstAfter: (title: string, when: string) => `The first deadline after that: ${title} (${when}).`,
    noLater: 'No later deadline is known either.',
    countAnswer: (n: number) => `${n} in all.`,
    lastClosed: (title: string, when: string) => `The last deadline that closed: "${title}" (${when}).`,
    happeningNow: (title: string, what: string, when: string) => `Taking place now: "${title}" ${what} (${when}).`,
    comingNext: (title: string, what: string, when: string) => `Coming up next: "${title}" ${what} (${when}).`,
    zoneShown: (z: { zone: string; label: string }) =>
      z.zone === BEIJING.zone ? 'Times in Beijing time, with the source zone.' : `Times in ${z.label}, with the source zone and Beijing time.`,
    unknownZone: (z: string) => `I do not know the time zone "${z}"; use a city, an IANA name (Asia/Tokyo) or UTC+9. Showing Beijing time.`,
    datasetPapers: 'Papers that publish a related dataset or benchmark (labelled as papers):',
    datasetPapersAfter: 'The list ends with papers that publish a related dataset or benchmark (labelled as papers).',
    heading: (what: string, n: number) => `${what} (${n}):`,
    labels: {
      deadline: 'Deadline',
      venue: 'Venue',
      tags: 'Topics',
      access: 'Access',
      modality: 'Modality',
      type: 'Type',
      scale: 'Scale/version',
      status: 'Status',
      data: 'Data',
      links: 'Links',
      quote: 'Source says',
      milestone: 'Milestone',
      source: 'Sources',
    },
  },
} as const;

export type Messages = (typeof MESSAGES)['en'];

export function messages(lang: Lang): Messages {
  return MESSAGES[lang] as Messages;
}

const MILESTONE_LABELS: Record<string, { zh: string; en: string }> = {
  deadline: { zh: '截止', en: 'Deadline' },
  abstract: { zh: '摘要截止', en: 'Abstract deadline' },
  registration: { zh: '报名', en: 'Registration' },
  rebuttal: { zh: 'Rebuttal', en: 'Rebuttal' },
  notification: { zh: '录用通知', en: 'Notification' },
  'camera-ready': { zh: '终稿', en: 'Camera-ready' },
  'data-release': { zh: '数据发布', en: 'Data release' },
  phase: { zh: '赛程', en: 'Phase' },
  conference: { zh: '会议', en: 'Conference' },
};

const PHASES_EN: Record<string, string> = {
  初赛: 'Preliminary round',
  复赛: 'Second round',
  半决赛: 'Semi-final',
  决赛: 'Final',
  预赛: 'Qualifier',
  报名开始: 'Registration opens',
  投稿开始: 'Submissions open',
};

export function milestoneLabel(type: string, label: string, lang: Lang): string {
  const base = MILESTONE_LABELS[type]?.[lang] ?? type;
  if (type === 'phase' && label) return lang === 'zh' ? label : (PHASES_EN[label] ?? `${base} (${label})`);
  return base;
}

/** Said once when a user sends faster than the rate limit allows. */
export function slowDown(lang: Lang): string {
  return lang === 'zh' ? '消息太频繁了,请稍等几秒再试。' : 'Too many messages at once; please wait a few seconds.';
}

/** A description put mid-sentence: its first word in lower case, unless it is a name (ICLR 2026 papers, Open-access datasets → open-access datasets). */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
