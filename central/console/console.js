// The maintainers' console: plain DOM, no framework, nothing fetched from outside the central.
// Every text that came from a terminal is set as text, never as HTML.
'use strict';

const STATE = { red: '故障', amber: '注意', green: '正常', unknown: '未联系', revoked: '已吊销' };
const ALERT = {
  silent: '失联',
  printer_paper_out: '打印机缺纸',
  printer_fault: '打印机故障',
  printer_paper_near_end: '打印纸将用完',
  disk_low: '磁盘空间不足',
  backlog_growing: '数据积压',
  clock_off: '时钟偏差',
  restarts: '频繁重启',
};
const ORDER = { screenshot: '截屏', restart: '重启', out_of_service: '暂停服务', in_service: '恢复服务' };
const ORDER_STATUS = {
  pending: '等待终端', sent: '已送达，等待空闲', done: '已完成', refused: '被终端拒绝',
  failed: '失败', expired: '已过期',
};
const ACTION = {
  login: '登录控制台', logout: '退出控制台', codes: '生成注册码', revoke: '吊销终端',
  publish: '发布', rollouts: '调整分批发布', 'order.screenshot': '截屏', 'order.restart': '重启',
  'order.out_of_service': '暂停服务', 'order.in_service': '恢复服务',
};
const ROLE = { viewer: '查看员', operator: '运维员', publisher: '发布员' };
const PAGES = [
  ['fleet', '/console/', '设备总览'],
  ['hall', '/console/hall.html', '大厅日报'],
  ['bundles', '/console/bundles.html', '配置包与发布'],
  ['audit', '/console/audit.html', '操作记录'],
];

let session = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  put(node, children, false);
  return node;
}

// Fills `node` with `children` (nested lists flattened; null, undefined and false left out).
function put(node, children, replace = true) {
  const nodes = [children].flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c))));
  if (replace) node.replaceChildren(...nodes);
  else node.append(...nodes);
}

function when(ms) {
  if (!ms) return '从未';
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function ago(ms) {
  if (!ms) return '从未';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s} 秒前`;
  if (s < 3600) return `${Math.round(s / 60)} 分钟前`;
  if (s < 86400) return `${Math.round(s / 3600)} 小时前`;
  return `${Math.round(s / 86400)} 天前`;
}

function megabytes(bytes) {
  const mb = bytes / 1048576;
  return `${mb < 10 ? mb.toFixed(1) : mb.toFixed(0)} MB`;
}

class SignedOut extends Error {}

async function api(path, options) {
  const res = await fetch(path, Object.assign({ credentials: 'same-origin' }, options || {}));
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) throw new SignedOut(body.error ? body.error.message : '未登录');
  if (!res.ok) throw new Error(body.error ? body.error.message : `HTTP ${res.status}`);
  return body;
}

async function change(path, body) {
  return api(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf },
    body: JSON.stringify(body),
  });
}

function stateBadge(state) {
  return el('span', { class: `state ${state}`, 'data-state': state }, STATE[state] || state);
}

function alertLine(a) {
  return el('span', { class: `alert ${a.severity}`, 'data-alert': a.code },
    `${ALERT[a.code] || a.code}（${when(a.since)} 起）`, a.detail ? `：${a.detail}` : '');
}

function header(page) {
  const nav = el('nav', {}, PAGES.map(([id, href, label]) =>
    el('a', { href, class: id === page ? 'here' : '' }, label)));
  const out = el('button', {
    id: 'sign-out',
    onclick: async () => {
      await change('/console/logout', {}).catch(() => {});
      location.reload();
    },
  }, '退出');
  return el('header', {},
    el('span', { class: 'title' }, '一站式服务大厅 · 运维控制台'), nav,
    el('span', { class: 'who', id: 'who' },
      `${session.maintainer}（${ROLE[session.role] || session.role}） `, out));
}

function showError(where, error) {
  where.replaceChildren(el('div', { class: 'message error', role: 'alert' }, error.message));
}

// ---- The fleet: every terminal, worst first.

async function fleetPage(main) {
  const params = new URLSearchParams(location.search);
  const district = el('select', { id: 'filter-district' }, el('option', { value: '' }, '全部区县'));
  const alert = el('select', { id: 'filter-alert' },
    el('option', { value: '' }, '全部状态'),
    el('option', { value: 'problems' }, '仅有告警'),
    Object.entries(ALERT).map(([code, label]) => el('option', { value: code }, label)));
  const search = el('input', { id: 'filter-text', type: 'search', placeholder: '终端或大厅编号' });
  const summary = el('div', { class: 'summary', id: 'summary' });
  const table = el('div', { id: 'fleet' });
  main.append(el('h1', {}, '设备总览'), summary,
    el('div', { class: 'filters' },
      el('label', {}, '区县', district), el('label', {}, '告警', alert), el('label', {}, '查找', search)),
    table);
  let terminals = [];
  const render = () => {
    const shown = terminals.filter((t) => {
      const h = t.health || { state: 'revoked', alerts: [] };
      if (district.value && t.district !== district.value) return false;
      if (alert.value === 'problems' && !(h.state === 'red' || h.state === 'amber')) return false;
      if (alert.value && alert.value !== 'problems' && !h.alerts.some((a) => a.code === alert.value)) return false;
      const text = search.value.trim();
      return !text || t.id.includes(text) || t.hall_id.includes(text);
    });
    const counts = { red: 0, amber: 0, green: 0, unknown: 0 };
    for (const t of terminals) if (t.health) counts[t.health.state] += 1;
    summary.replaceChildren(...Object.entries(counts).map(([state, n]) =>
      el('div', { class: 'count', 'data-count': state }, el('b', {}, n), stateBadge(state))));
    table.replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, ['状态', '终端', '大厅', '区县', '软件', '最后心跳', '告警'].map((h) => el('th', {}, h)))),
      el('tbody', {}, shown.map((t) => {
        const h = t.health || { state: 'revoked', alerts: [], last_heartbeat: 0 };
        const go = () => { location.href = `/console/terminal.html?id=${encodeURIComponent(t.id)}`; };
        return el('tr', { class: 'row-link', 'data-terminal': t.id, onclick: go },
          el('td', {}, stateBadge(h.state)),
          el('td', {}, el('a', { href: `/console/terminal.html?id=${encodeURIComponent(t.id)}` }, t.id)),
          el('td', {}, el('a', { href: `/console/hall.html?hall=${encodeURIComponent(t.hall_id)}`, onclick: (e) => e.stopPropagation() }, t.hall_id)),
          el('td', {}, t.district),
          el('td', {}, t.software),
          el('td', {}, ago(h.last_heartbeat)),
          el('td', {}, h.alerts.map(alertLine)));
      }))));
  };
  const load = async () => {
    const answer = await api('/console/api/fleet');
    terminals = answer.terminals;
    const districts = [...new Set(terminals.map((t) => t.district))].sort();
    const chosen = district.value || params.get('district') || '';
    put(district, [el('option', { value: '' }, '全部区县'),
      districts.map((d) => el('option', { value: d }, d))]);
    district.value = chosen;
    if (params.get('alert') && !alert.dataset.set) { alert.value = params.get('alert'); alert.dataset.set = '1'; }
    render();
    document.body.dataset.loaded = String(Date.now());
  };
  for (const f of [district, alert]) f.addEventListener('change', render);
  search.addEventListener('input', render);
  await load();
  setInterval(() => load().catch((e) => showError(table, e)), 5000);
}

// ---- One terminal: its health, alerts, orders and last screenshot.

async function terminalPage(main) {
  const id = new URLSearchParams(location.search).get('id') || '';
  const body = el('div', { id: 'terminal' });
  main.append(body);
  const load = async () => {
    const t = await api(`/console/api/terminal?id=${encodeURIComponent(id)}`);
    const h = t.health || { state: 'revoked', alerts: [], heartbeat: null };
    const beat = h.heartbeat || {};
    const printer = beat.printer || {};
    const printerText = !beat.printer ? '—' : printer.kind === 'none' ? '未配置' : !printer.answered
      ? `无应答：${printer.problem}` : [
        printer.online ? '在线' : '离线', printer.paper_out ? '缺纸' : '', printer.paper_near_end ? '纸将用完' : '',
        printer.cover_open ? '机盖打开' : '', printer.cutter_error ? '切刀故障' : '', printer.other_error ? '其他故障' : '',
      ].filter(Boolean).join('，');
    const facts = [
      ['大厅', el('a', { href: `/console/hall.html?hall=${encodeURIComponent(t.hall_id)}` }, t.hall_id)],
      ['区县', t.district], ['软件', t.software], ['最后心跳', `${when(h.last_heartbeat)}（${ago(h.last_heartbeat)}）`],
      ['当前画面', beat.screen || '—'],
      ['打印机', el('span', { id: 'printer' }, printerText)],
      ['扫码设备', (beat.scanners || []).map((s) => `${s.kind} ${s.present ? '在线' : '未连接'}${s.last_read_ms ? `，上次读码 ${when(s.last_read_ms)}` : ''}`).join('；') || '—'],
      ['数据库', beat.store_bytes !== undefined ? megabytes(beat.store_bytes) : '—'],
      ['磁盘剩余', beat.disk_total_bytes ? `${megabytes(beat.disk_free_bytes)} / ${megabytes(beat.disk_total_bytes)}` : '—'],
      ['时钟偏差', beat.clock_offset_ms !== undefined ? `${(beat.clock_offset_ms / 1000).toFixed(1)} 秒` : '—'],
      ['局域网设备', (beat.lan_devices || []).map((d) => `${d.id}（${ago(d.last_seen_ms)}）`).join('，') || '—'],
      ['待上传事件', beat.central ? beat.central.backlog : t.backlog],
      ['上传错误', (beat.central && beat.central.last_error) || t.last_error || '无'],
      ['运行时长', (beat.roles || []).map((r) => `${r.role} ${r.version}，${Math.round(r.uptime_s / 60)} 分钟`).join('；') || '—'],
    ];
    const canOrder = session.role !== 'viewer';
    const message = el('input', { id: 'out-of-service-message', size: 30, value: '本机暂停服务，请到前台办理' });
    const result = el('div', { id: 'order-result' });
    const order = (kind, extra) => async () => {
      try {
        if (kind === 'restart' && !confirm('确定在无人办理时重启该终端？')) return;
        const r = await change('/console/api/orders', Object.assign({ terminal_id: id, kind }, extra || {}));
        result.replaceChildren(el('div', { class: 'message ok', role: 'status' },
          `已下达“${ORDER[kind]}”（${r.order_id.slice(0, 8)}），终端下次心跳时执行。`));
        await load();
      } catch (e) {
        if (e instanceof SignedOut) throw e;
        result.replaceChildren(el('div', { class: 'message error', role: 'alert' }, e.message));
      }
    };
    const button = (kind, label, cls) => el('button', {
      id: `order-${kind}`, class: cls || '', disabled: !canOrder, onclick: order(kind),
    }, label);
    const orderButtons = el('div', { class: 'actions' },
      button('screenshot', '截取屏幕', 'primary'),
      button('restart', '重启终端'),
      el('label', {}, '暂停时显示', message),
      el('button', { id: 'order-out_of_service', class: 'danger', disabled: !canOrder,
        onclick: async () => order('out_of_service', { message: message.value })() }, '暂停服务'),
      button('in_service', '恢复服务'));
    const shot = t.screenshot
      ? el('figure', {}, el('img', { class: 'screenshot', id: 'screenshot', alt: `${t.id} 的屏幕`,
        src: `/console/api/screenshot?terminal=${encodeURIComponent(t.id)}&at=${t.screenshot.taken_at}` }),
      el('figcaption', {}, `截于 ${when(t.screenshot.taken_at)}`))
      : el('p', { class: 'note' }, '还没有截屏。终端只在无人办理时截屏。');
    put(body, [
      el('h1', {}, `终端 ${t.id} `, stateBadge(h.state)),
      el('div', { class: 'grid' },
        el('div', { class: 'card' }, el('h3', {}, '运行状况'),
          el('dl', {}, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]))),
        el('div', { class: 'card' }, el('h3', {}, '当前告警'),
          h.alerts.length ? h.alerts.map(alertLine) : el('p', {}, '无'),
          el('h3', {}, '配置包'),
          el('p', {}, Object.entries(t.bundles || {}).map(([k, v]) => `${k} v${v}`).join('，') || '无'),
          t.bundle_error ? el('p', { class: 'alert amber' }, `拒收：${t.bundle_error}`) : null)),
      el('h2', {}, '远程操作'),
      canOrder ? null : el('p', { class: 'note' }, '查看员不能下达操作，需要运维员权限。'),
      orderButtons, result,
      el('table', { id: 'orders' },
        el('thead', {}, el('tr', {}, ['时间', '操作', '下达人', '状态', '说明'].map((x) => el('th', {}, x)))),
        el('tbody', {}, (t.orders || []).map((o) => el('tr', { 'data-order': o.kind, 'data-status': o.status },
          el('td', {}, when(o.issued_at)), el('td', {}, ORDER[o.kind] || o.kind), el('td', {}, o.by),
          el('td', {}, ORDER_STATUS[o.status] || o.status), el('td', {}, o.detail || o.message))))),
      el('h2', {}, '最近截屏'), shot,
      el('h2', {}, '告警记录'),
      el('table', { id: 'alert-history' },
        el('thead', {}, el('tr', {}, ['告警', '级别', '开始', '结束', '说明'].map((x) => el('th', {}, x)))),
        el('tbody', {}, (t.alert_history || []).slice().reverse().map((a) => el('tr', { 'data-alert': a.code },
          el('td', {}, ALERT[a.code] || a.code), el('td', {}, stateBadge(a.severity)), el('td', {}, when(a.since)),
          el('td', {}, a.cleared ? when(a.cleared) : '仍在'), el('td', {}, a.detail))))),
      el('h2', {}, '软件版本记录'),
      el('table', {}, el('tbody', {}, (t.software_history || []).slice().reverse().map((e) =>
        el('tr', {}, el('td', {}, when(e.at)), el('td', {}, e.software_update.running || ''),
          el('td', {}, e.software_update.phase || ''), el('td', {}, e.software_update.last_failure || '')))))]);
    document.body.dataset.loaded = String(Date.now());
  };
  await load();
  setInterval(() => load().catch((e) => showError(body, e)), 5000);
}

// ---- A hall's day: tickets and waits per hour, per service, per window; ratings; 减负.

const charts = {};

function chartCard(id, title, labels, datasets, columns) {
  const canvas = el('canvas', { id: `chart-${id}`, role: 'img', 'aria-label': title });
  const rows = labels.map((label, i) => el('tr', {}, el('td', {}, label),
    datasets.map((d) => el('td', { 'data-series': d.label }, d.data[i] === null ? '—' : d.data[i]))));
  const card = el('div', { class: 'chart', id: `card-${id}` }, el('h3', {}, title), canvas,
    el('table', { class: 'figures' },
      el('thead', {}, el('tr', {}, el('th', {}, columns), datasets.map((d) => el('th', {}, d.label)))),
      el('tbody', {}, rows)));
  if (charts[id]) charts[id].destroy();
  if (window.Chart) {
    charts[id] = new window.Chart(canvas, {
      type: 'bar',
      data: { labels, datasets: datasets.map((d, i) => Object.assign({
        backgroundColor: ['#1849a9', '#f79009', '#12b76a', '#b42318'][i % 4],
      }, d)) },
      options: { animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: datasets.length > 1 } } },
    });
  }
  return card;
}

async function hallPage(main) {
  if (window.Chart) {
    window.Chart.defaults.font.size = 15;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  }
  const params = new URLSearchParams(location.search);
  const hall = el('select', { id: 'hall-choice' });
  // The halls' day unless one is chosen: the central counts days in the halls' time zone.
  const day = el('input', { id: 'day-choice', type: 'date', value: params.get('day') || '' });
  const body = el('div', { id: 'hall-day' });
  main.append(el('h1', {}, '大厅日报'),
    el('div', { class: 'filters' }, el('label', {}, '大厅', hall), el('label', {}, '日期', day)), body);
  const fleet = await api('/console/api/fleet');
  const halls = [...new Set(fleet.terminals.map((t) => t.hall_id))].sort();
  hall.replaceChildren(...halls.map((h) => el('option', { value: h }, h)));
  hall.value = params.get('hall') || halls[0] || '';
  const load = async () => {
    const answer = await api(`/console/api/hall-day?hall=${encodeURIComponent(hall.value)}&day=${encodeURIComponent(day.value)}`);
    day.value = answer.day;
    const f = answer.halls.find((h) => h.hall_id === hall.value);
    const up = (answer.uptime || []).find((h) => h.hall_id === hall.value);
    if (!f) {
      body.replaceChildren(el('p', { id: 'no-figures' }, `${hall.value} 在 ${day.value} 没有上报数据。`));
      document.body.dataset.loaded = String(Date.now());
      return;
    }
    const hours = f.by_hour.map((h) => `${h.hour}时`);
    const scores = ['1', '2', '3', '4', '5'];
    const departments = Object.keys(f.not_issued.by_department);
    put(body, [
      el('div', { class: 'summary' },
        el('div', { class: 'count', id: 'issued' }, el('b', {}, f.tickets.issued), '取号'),
        el('div', { class: 'count', id: 'finished' }, el('b', {}, f.tickets.finished), '办结'),
        el('div', { class: 'count', id: 'mean-wait' }, el('b', {}, f.wait_minutes.mean !== undefined ? f.wait_minutes.mean : '—'), '平均等待（分钟）'),
        el('div', { class: 'count', id: 'rating' }, el('b', {}, f.ratings.mean !== undefined ? f.ratings.mean : '—'), '平均评价'),
        el('div', { class: 'count', id: 'not-issued' }, el('b', {}, f.not_issued.total), '不应由社区开具的证明（减负）'),
        el('div', { class: 'count', id: 'uptime' }, el('b', {}, up && up.uptime !== undefined ? `${(up.uptime * 100).toFixed(1)}%` : '—'), '开放时间内设备正常')),
      el('div', { class: 'grid' },
        chartCard('hours', '每小时取号与平均等待', hours, [
          { label: '取号', data: f.by_hour.map((h) => h.issued) },
          { label: '平均等待（分钟）', data: f.by_hour.map((h) => (h.mean_wait === undefined ? null : h.mean_wait)) },
        ], '时段'),
        chartCard('services', '各业务取号', f.by_service.map((s) => s.service || '—'), [
          { label: '取号', data: f.by_service.map((s) => s.issued) },
          { label: '办结', data: f.by_service.map((s) => s.finished) },
        ], '业务'),
        chartCard('windows', '各窗口叫号与办结', f.by_window.map((w) => (w.window ? `${w.window} 号窗口` : '未记录')), [
          { label: '叫号', data: f.by_window.map((w) => w.called) },
          { label: '办结', data: f.by_window.map((w) => w.finished) },
        ], '窗口'),
        chartCard('ratings', '好差评', scores.map((s) => `${s} 分`), [
          { label: '评价数', data: scores.map((s) => f.ratings.by_score[s] || 0) },
        ], '评分'),
        chartCard('not-issued', '不应由社区开具的证明（按应办部门）', departments, [
          { label: '次数', data: departments.map((d) => f.not_issued.by_department[d]) },
        ], '部门')),
      el('h2', {}, '差评'),
      f.ratings.bad && f.ratings.bad.length
        ? el('table', { id: 'bad-ratings' },
          el('thead', {}, el('tr', {}, ['时间', '号码', '业务', '评分', '原因'].map((x) => el('th', {}, x)))),
          el('tbody', {}, f.ratings.bad.map((b) => el('tr', {}, el('td', {}, when(b.at)), el('td', {}, b.number || ''),
            el('td', {}, b.service || ''), el('td', {}, b.score), el('td', {}, (b.reasons || []).join('，'))))))
        : el('p', { id: 'bad-ratings' }, '当日没有差评。')]);
    document.body.dataset.loaded = String(Date.now());
  };
  for (const f of [hall, day]) f.addEventListener('change', () => load().catch((e) => showError(body, e)));
  await load();
}

// ---- Bundles and rollouts; the audit log.

async function bundlesPage(main) {
  const answer = await api('/console/api/bundles');
  main.append(el('h1', {}, '配置包与发布'),
    el('table', { id: 'bundles' },
      el('thead', {}, el('tr', {}, ['类型', '版本', '范围', '签名人', '发布时间', '已生效终端'].map((x) => el('th', {}, x)))),
      el('tbody', {}, answer.bundles.map((b) => el('tr', {}, el('td', {}, b.kind), el('td', {}, b.version),
        el('td', {}, b.scope), el('td', {}, b.signer), el('td', {}, when(b.published_at)), el('td', {}, b.terminals_in_force))))),
    el('h2', {}, '软件分批发布'),
    el('table', { id: 'rollouts' },
      el('thead', {}, el('tr', {}, ['编号', '版本', '状态', '当前批次', '失败'].map((x) => el('th', {}, x)))),
      el('tbody', {}, (answer.rollouts || []).map((r) => el('tr', {}, el('td', {}, r.id), el('td', {}, r.version),
        el('td', {}, r.status), el('td', {}, r.current_stage), el('td', {}, `${r.failed} / ${r.halt_after}`))))),
    el('p', { class: 'note' }, '发布由发布员在自己的电脑上签名后用 kioskctl central publish 完成；控制台只显示。'));
  document.body.dataset.loaded = String(Date.now());
}

async function auditPage(main) {
  const answer = await api('/console/api/audit');
  main.append(el('h1', {}, '操作记录'),
    el('table', { id: 'audit' },
      el('thead', {}, el('tr', {}, ['时间', '人员', '途径', '操作', '对象', '说明'].map((x) => el('th', {}, x)))),
      el('tbody', {}, answer.audit.map((a) => el('tr', { 'data-action': a.action }, el('td', {}, when(a.at)),
        el('td', {}, a.maintainer), el('td', {}, a.via === 'console' ? '控制台' : a.via),
        el('td', {}, ACTION[a.action] || a.action), el('td', {}, a.target), el('td', {}, a.detail))))));
  document.body.dataset.loaded = String(Date.now());
}

async function start() {
  const page = document.body.dataset.page;
  const main = el('main', {});
  try {
    session = await api('/console/api/session');
    document.body.replaceChildren(header(page), main);
    await ({ fleet: fleetPage, terminal: terminalPage, hall: hallPage, bundles: bundlesPage, audit: auditPage })[page](main);
  } catch (e) {
    if (e instanceof SignedOut) {
      document.body.replaceChildren(el('div', { class: 'signed-out', id: 'signed-out' },
        el('h1', {}, '请先登录'),
        el('p', {}, '在您的电脑上运行 kioskctl central login，用浏览器打开它打印的链接。'),
        el('p', { class: 'note' }, e.message)));
    } else {
      showError(main.isConnected ? main : document.body, e);
    }
    document.body.dataset.loaded = String(Date.now());
  }
}

start();
