// Word lists for plausible synthetic records: surnames by frequency, given names by generation,
// real district codes (GB/T 2260) with their streets, and short notes staff write.
import { Random, weightedPicker } from './random';

/** The commonest surnames with rough shares (per mille) of the population. */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 71], ['张', 68], ['刘', 53], ['陈', 45], ['杨', 31], ['赵', 23], ['黄', 22], ['周', 21], ['吴', 20],
  ['徐', 16], ['孙', 15], ['胡', 13], ['朱', 13], ['高', 12], ['林', 11], ['何', 11], ['郭', 11], ['马', 11], ['罗', 9],
  ['梁', 8], ['宋', 8], ['郑', 8], ['谢', 7], ['韩', 7], ['唐', 7], ['冯', 7], ['于', 6], ['董', 6], ['萧', 5],
  ['程', 5], ['曹', 5], ['袁', 5], ['邓', 5], ['许', 5], ['傅', 4], ['沈', 4], ['曾', 4], ['彭', 4], ['吕', 4],
  ['苏', 4], ['卢', 4], ['蒋', 4], ['蔡', 4], ['贾', 3], ['丁', 3], ['魏', 3], ['薛', 3], ['叶', 3], ['阎', 3],
  ['余', 3], ['潘', 3], ['杜', 3], ['戴', 3], ['夏', 3], ['钟', 3], ['汪', 3], ['田', 3], ['任', 3], ['姜', 3],
  ['范', 2], ['方', 2], ['石', 2], ['姚', 2], ['谭', 2], ['廖', 2], ['邹', 2], ['熊', 2], ['金', 2], ['陆', 2],
  ['欧阳', 1], ['司马', 0.2], ['诸葛', 0.1],
];

/** Given names by sex and generation: older people carry the names of their decade. */
const GIVEN = {
  M: {
    old: ['建国', '建华', '国强', '国庆', '卫东', '志强', '德明', '福生', '长林', '振华', '树林', '永红', '海', '军', '刚', '明', '平', '勇', '斌', '伟'],
    mid: ['伟', '磊', '涛', '强', '军', '杰', '勇', '鹏', '超', '斌', '俊杰', '志刚', '海波', '建军', '文博', '晓东', '立新', '宏伟', '明辉', '飞'],
    young: ['浩然', '子轩', '宇航', '梓睿', '一鸣', '俊熙', '博文', '浩宇', '子墨', '宇轩', '沐阳', '思远', '天佑', '皓轩', '一诺', '睿', '泽', '航', '铭', '昊'],
  },
  F: {
    old: ['秀英', '桂英', '秀兰', '淑珍', '玉兰', '凤英', '桂兰', '秀珍', '淑英', '玉珍', '兰英', '素芬', '翠花', '月娥', '芳', '华', '英', '兰', '珍', '霞'],
    mid: ['丽', '静', '敏', '燕', '艳', '娟', '芳', '丹', '婷', '雪', '丽娟', '晓燕', '海燕', '红梅', '春燕', '文静', '晓丽', '玉洁', '佳', '琳'],
    young: ['子涵', '欣怡', '梓涵', '雨桐', '一诺', '诗涵', '梓萱', '可馨', '语嫣', '思彤', '紫萱', '佳怡', '若曦', '梦琪', '安琪', '悦', '萱', '彤', '妍', '琪'],
  },
} as const;

const surname = weightedPicker(SURNAMES);

export function personName(random: Random, sex: 'M' | 'F', birthYear: number): string {
  const generation = birthYear < 1965 ? 'old' : birthYear < 2000 ? 'mid' : 'young';
  return surname(random) + random.pick(GIVEN[sex][generation]);
}

/** A child's name usually takes the father's surname; the guardian is then father, mother or grandparent. */
export function guardianFor(random: Random, childName: string, childBirthYear: number): { name: string; relation: string } {
  const relation = random.weighted([['父亲', 45], ['母亲', 45], ['祖父', 3], ['祖母', 5], ['外祖母', 2]] as const);
  const family = childName.startsWith('欧阳') || childName.startsWith('司马') || childName.startsWith('诸葛') ? childName.slice(0, 2) : childName.slice(0, 1);
  const parentYear = childBirthYear - random.int(24, 36);
  const grandYear = childBirthYear - random.int(48, 62);
  switch (relation) {
    case '父亲':
      return { name: family + random.pick(GIVEN.M.mid), relation };
    case '祖父':
      return { name: family + random.pick(GIVEN.M.old), relation };
    case '母亲':
      return { name: personName(random, 'F', parentYear), relation };
    default:
      return { name: personName(random, 'F', grandYear), relation };
  }
}

/** Who looks after an adult with an intellectual or psychosocial disability: parents while young, then family. */
export function adultGuardian(random: Random, name: string, birthDay: number, todayDay: number): { name: string; relation: string } {
  const age = Math.floor((todayDay - birthDay) / 365.25);
  const birthYear = 1970 + Math.floor(birthDay / 365.25);
  const family = name.length > 2 && ['欧阳', '司马', '诸葛'].includes(name.slice(0, 2)) ? name.slice(0, 2) : name.slice(0, 1);
  if (age < 45) {
    return random.chance(0.5)
      ? { name: family + random.pick(GIVEN.M[birthYear - 28 < 1965 ? 'old' : 'mid']), relation: '父亲' }
      : { name: personName(random, 'F', birthYear - 26), relation: '母亲' };
  }
  const relation = random.weighted([['配偶', 45], ['子女', 40], ['兄弟姐妹', 15]] as const);
  const year = relation === '子女' ? birthYear + 28 : birthYear + random.int(-4, 4);
  return { name: personName(random, random.chance(0.5) ? 'M' : 'F', year), relation };
}

export function mobilePhone(random: Random): string {
  const prefix = random.pick(['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '177', '180', '186', '187', '188', '189', '199']);
  return prefix + String(random.int(0, 99_999_999)).padStart(8, '0');
}

export interface District {
  code: string;
  name: string;
  streets: readonly string[];
}

export interface HomeArea {
  city: string;
  districts: readonly District[];
}

/** A few cities a centre may serve; each seed gets one, so packages from several seeds differ. */
export const HOME_AREAS: readonly HomeArea[] = [
  {
    city: '南京市',
    districts: [
      { code: '320102', name: '玄武区', streets: ['北京东路', '中山路', '珠江路', '龙蟠路'] },
      { code: '320104', name: '秦淮区', streets: ['中华路', '长乐路', '瑞金路', '大光路'] },
      { code: '320105', name: '建邺区', streets: ['江东中路', '应天大街', '嘉陵江东街'] },
      { code: '320106', name: '鼓楼区', streets: ['湖南路', '中央路', '汉中路', '虎踞路'] },
      { code: '320111', name: '浦口区', streets: ['江浦街道', '桥林街道', '永宁街道'] },
      { code: '320113', name: '栖霞区', streets: ['尧化街道', '迈皋桥街道', '仙林街道'] },
      { code: '320114', name: '雨花台区', streets: ['雨花西路', '软件大道', '板桥街道'] },
      { code: '320115', name: '江宁区', streets: ['东山街道', '秣陵街道', '淳化街道', '湖熟街道', '谷里街道'] },
      { code: '320116', name: '六合区', streets: ['雄州街道', '龙池街道', '竹镇镇'] },
      { code: '320117', name: '溧水区', streets: ['永阳街道', '白马镇', '洪蓝街道'] },
      { code: '320118', name: '高淳区', streets: ['淳溪街道', '砖墙镇', '桠溪街道'] },
    ],
  },
  {
    city: '成都市',
    districts: [
      { code: '510104', name: '锦江区', streets: ['春熙路街道', '书院街街道', '牛市口街道'] },
      { code: '510105', name: '青羊区', streets: ['草市街街道', '少城街道', '府南街道'] },
      { code: '510106', name: '金牛区', streets: ['荷花池街道', '营门口街道', '茶店子街道'] },
      { code: '510107', name: '武侯区', streets: ['浆洗街街道', '玉林街道', '红牌楼街道'] },
      { code: '510108', name: '成华区', streets: ['猛追湾街道', '双桥子街道', '保和街道'] },
      { code: '510112', name: '龙泉驿区', streets: ['龙泉街道', '大面街道', '十陵街道'] },
      { code: '510114', name: '新都区', streets: ['新都街道', '大丰街道', '三河街道'] },
    ],
  },
  {
    city: '郑州市',
    districts: [
      { code: '410102', name: '中原区', streets: ['林山寨街道', '建设路街道', '桐柏路街道'] },
      { code: '410103', name: '二七区', streets: ['淮河路街道', '解放路街道', '长江路街道'] },
      { code: '410104', name: '管城回族区', streets: ['北下街街道', '西大街街道', '南关街道'] },
      { code: '410105', name: '金水区', streets: ['经八路街道', '花园路街道', '文化路街道'] },
      { code: '410122', name: '中牟县', streets: ['城关镇', '韩寺镇', '官渡镇'] },
      { code: '410182', name: '荥阳市', streets: ['索河街道', '京城路街道', '广武镇'] },
    ],
  },
  {
    city: '长沙市',
    districts: [
      { code: '430102', name: '芙蓉区', streets: ['文艺路街道', '朝阳街街道', '韭菜园街道'] },
      { code: '430103', name: '天心区', streets: ['坡子街街道', '城南路街道', '裕南街街道'] },
      { code: '430104', name: '岳麓区', streets: ['望月湖街道', '桔子洲街道', '观沙岭街道'] },
      { code: '430105', name: '开福区', streets: ['东风路街道', '清水塘街道', '伍家岭街道'] },
      { code: '430111', name: '雨花区', streets: ['侯家塘街道', '左家塘街道', '砂子塘街道'] },
      { code: '430121', name: '长沙县', streets: ['星沙街道', '湘龙街道', '黄花镇'] },
    ],
  },
  {
    city: '西安市',
    districts: [
      { code: '610102', name: '新城区', streets: ['西一路街道', '长乐中路街道', '解放门街道'] },
      { code: '610103', name: '碑林区', streets: ['南院门街道', '柏树林街道', '长乐坊街道'] },
      { code: '610104', name: '莲湖区', streets: ['青年路街道', '北院门街道', '土门街道'] },
      { code: '610111', name: '灞桥区', streets: ['纺织城街道', '十里铺街道', '洪庆街道'] },
      { code: '610112', name: '未央区', streets: ['张家堡街道', '徐家湾街道', '大明宫街道'] },
      { code: '610113', name: '雁塔区', streets: ['小寨路街道', '大雁塔街道', '电子城街道'] },
    ],
  },
];

export function homeAreaFor(seed: number): HomeArea {
  return HOME_AREAS[(((seed - 1) % HOME_AREAS.length) + HOME_AREAS.length) % HOME_AREAS.length]!;
}

const COMMUNITIES = ['幸福社区', '和平小区', '阳光花园', '建设新村', '翠苑小区', '滨河家园', '春晖苑', '东方小区'] as const;

export function address(random: Random, area: HomeArea, district: District): string {
  const street = random.pick(district.streets);
  const tail = street.endsWith('路') || street.endsWith('街')
    ? `${random.int(1, 388)}号`
    : `${random.pick(COMMUNITIES)}${random.int(1, 40)}栋${random.int(1, 6)}0${random.int(1, 4)}室`;
  return `${area.city}${district.name}${street}${tail}`;
}

/** What therapists jot after a session; most sessions carry no note. */
export const SESSION_NOTES = [
  '配合良好',
  '情绪稳定，注意力较上周延长',
  '能完成指令性任务',
  '家长陪同，布置家庭训练',
  '出现哭闹，调整训练节奏',
  '发音清晰度提高',
  '独立行走距离增加',
  '精细动作进步明显',
  '对新玩具兴趣高',
  '午睡不足，状态一般',
] as const;
