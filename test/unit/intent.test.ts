import { describe, expect, it } from 'vitest';
import { routeText } from '../../src/bot/intent.js';

describe('routing free text', () => {
  it.each([
    ['EMNLP 什么时候截止', 'deadline', 'EMNLP'],
    ['when is the NLPCC deadline', 'deadline', 'NLPCC'],
    ['BIBM 2026 的截止日期是什么时候?', 'deadline', 'BIBM 2026'],
    ['how do I get access to MIMIC-IV-Note', 'dataset', 'MIMIC-IV-Note'],
    ['MIMIC-CXR 怎么申请', 'dataset', 'MIMIC-CXR'],
    ['ECG datasets', 'dataset', 'ECG'],
    ['有没有关于心理健康的论文', 'paper', '心理健康'],
    ['推荐一些关于麻醉的论文吗?', 'paper', '麻醉'],
    ['papers about ECG', 'paper', 'ECG'],
    ['病理分割', 'search', '病理分割'],
    ['doctor r1', 'search', 'doctor r1'],
    ['hello', 'help', ''],
    ['帮助', 'help', ''],
  ])('%s → %s "%s"', (text, command, query) => {
    expect(routeText(text)).toEqual({ command, query });
  });
});
