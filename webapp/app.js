// Flowstream demo chat: the client from Flowise's streaming docs, in a page.
// socket.io gives a socket.id; the prediction POST names it as socketIOClientId; the server then
// streams start / token / sourceDocuments / usedTools / error / end to that socket only.
//
// DOM contract (used by src/test/js/demo-page.mjs): each turn is a `.turn` holding `.question`,
// `.answer` (text only; data-state = streaming | done | error; data-tokens = tokens received;
// data-chat-id once answered), `ul.answer-sources li` (.source-name, .source-snippet),
// `ul.answer-tools li` and `.answer-error`. <body data-socket="connected|connecting|error">.
(() => {
  'use strict';

  // Works under any context path: http://host:3000/ as well as http://host/flowstream/.
  const base = new URL('.', location.href);
  const api = (path) => new URL(`api/v1/${path}`, base);
  const END_GRACE_MS = 3000;   // HTTP answered, stream started: how long `end` may still take
  const START_GRACE_MS = 1000; // HTTP answered, nothing streamed yet: how long `start` may take

  const $ = (id) => document.getElementById(id);
  const ui = {
    flow: $('flow'), question: $('question'), send: $('send'), newChat: $('new-chat'),
    form: $('ask'), conversation: $('conversation'), status: $('status'), notice: $('notice'),
    chatId: $('chat-id'),
  };

  const flows = new Map();
  let chatId = null;
  let current = null; // the turn being answered; stream events go to it

  const socket = io(base.origin, { path: `${base.pathname}socket.io/` });

  function setSocketState(state, text) {
    document.body.dataset.socket = state;
    document.body.dataset.socketId = socket.id || '';
    document.body.dataset.transport = state === 'connected' ? socket.io.engine.transport.name : '';
    ui.status.textContent = text;
  }

  socket.on('connect', () => {
    const show = () => setSocketState('connected', `connected · ${socket.io.engine.transport.name}`);
    show();
    socket.io.engine.once('upgrade', show);
  });
  socket.on('disconnect', () => setSocketState('connecting', 'disconnected · reconnecting…'));
  socket.on('connect_error', (e) => setSocketState('error', `socket.io unreachable: ${e.message}`));

  socket.on('start', () => current && current.started());
  socket.on('token', (token) => current && current.token(String(token)));
  socket.on('sourceDocuments', (docs) => current && current.sources(docs));
  socket.on('usedTools', (tools) => current && current.tools(tools));
  socket.on('error', (message) => current && current.fail(String(message)));
  socket.on('end', () => current && current.ended());

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function sourceName(doc, i) {
    const m = (doc && doc.metadata) || {};
    return String(m.source || m.title || m.fileName || m.file || m.url || `source ${i + 1}`);
  }

  /** One question and its answer; the answer streams in, then the HTTP answer settles it. */
  class Turn {
    constructor(question) {
      this.root = el('div', 'turn');
      this.answer = el('div', 'answer');
      this.sourceList = el('ul', 'answer-sources');
      this.toolList = el('ul', 'answer-tools');
      this.error = el('p', 'answer-error');
      this.error.setAttribute('role', 'alert');
      this.root.append(el('div', 'question', question), this.answer, this.sourceList,
        this.toolList, this.error);
      this.text = '';
      this.tokens = 0;
      this.streamed = false;
      this.endSeen = false;
      this.http = null;
      this.setState('streaming');
      ui.conversation.append(this.root);
      this.root.scrollIntoView({ block: 'end' });
    }

    setState(state) {
      this.state = state;
      this.answer.dataset.state = state;
    }

    started() {
      this.streamed = true;
    }

    token(token) {
      if (this.state !== 'streaming') return;
      this.streamed = true;
      this.text += token;
      this.tokens += 1;
      this.answer.append(token);
      this.answer.dataset.tokens = String(this.tokens);
      if (this.tokens % 8 === 1) this.root.scrollIntoView({ block: 'end' });
    }

    sources(docs) {
      if (!Array.isArray(docs) || this.sourceList.childElementCount > 0) return;
      docs.forEach((doc, i) => {
        const li = el('li');
        const snippet = String((doc && doc.pageContent) || '').replace(/\s+/g, ' ').trim();
        li.append(el('span', 'source-name', sourceName(doc, i)),
          el('span', 'source-snippet', snippet.length > 220 ? `${snippet.slice(0, 220)}…` : snippet));
        li.title = snippet;
        this.sourceList.append(li);
      });
    }

    tools(tools) {
      if (!Array.isArray(tools)) return;
      for (const t of tools) {
        const li = el('li');
        li.append(el('span', 'tool-name', String((t && t.tool) || 'tool')),
          el('span', 'tool-input', typeof t.toolInput === 'string' ? t.toolInput : JSON.stringify(t.toolInput)));
        this.toolList.append(li);
      }
    }

    fail(message) {
      if (this.state === 'error') return;
      this.error.textContent = message || 'Something went wrong.';
      this.setState('error');
      this.answer.normalize();
    }

    ended() {
      this.endSeen = true;
      if (this.state === 'streaming') {
        this.answer.normalize();
        this.setState('done');
      }
      this.settle();
    }

    /** The HTTP answer arrived (status 200). */
    answered(body) {
      this.http = body;
      if (body.chatId) this.answer.dataset.chatId = body.chatId;
      this.settle();
      if (this.finished) return;
      const endGrace = () => setTimeout(() => this.settle(true), END_GRACE_MS);
      if (this.streamed) {
        endGrace();
        return;
      }
      // Nothing streamed yet: a flow that cannot stream, or events still on their way.
      setTimeout(() => (this.streamed && !this.endSeen ? endGrace() : this.settle(true)),
        isStreaming() && socket.connected ? START_GRACE_MS : 0);
    }

    /** Finishes the turn once both the stream and the HTTP answer are in (or the grace ran out). */
    settle(graceOver = false) {
      if (!this.http || this.finished) return;
      if (!this.endSeen && !graceOver) return;
      this.finished = true;
      const text = typeof this.http.text === 'string' ? this.http.text : '';
      if (this.state !== 'error' && this.text !== text) {
        // The HTTP answer is the whole answer; show it when the stream missed part of it.
        if (this.streamed) this.answer.dataset.streamMismatch = 'true';
        this.answer.textContent = text;
      }
      if (this.state === 'streaming') this.setState('done');
      this.sources(this.http.sourceDocuments);
      if (Array.isArray(this.http.usedTools) && this.toolList.childElementCount === 0) this.tools(this.http.usedTools);
      finishTurn(this);
    }
  }

  /** localStorage get (one argument) or set (two); storage may be unavailable. */
  function stored(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      localStorage.setItem(key, value);
    } catch {
      // private mode or sandboxed frame: no memory of the choice, nothing else lost
    }
    return null;
  }

  function isStreaming() {
    const flow = flows.get(ui.flow.value);
    return Boolean(flow && flow.isStreaming);
  }

  function finishTurn(turn) {
    if (current !== turn) return;
    current = null;
    ui.send.disabled = false;
    ui.question.focus();
  }

  function rememberChatId(id) {
    chatId = id || null;
    ui.chatId.textContent = chatId || 'none yet';
    ui.conversation.dataset.chatId = chatId || '';
  }

  async function ask(question) {
    const turn = new Turn(question);
    current = turn;
    ui.send.disabled = true;
    const data = { question };
    if (socket.connected) data.socketIOClientId = socket.id;
    if (chatId) data.chatId = chatId;
    let response;
    let body;
    try {
      response = await fetch(api(`prediction/${encodeURIComponent(ui.flow.value)}`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(data),
      });
      const raw = await response.text();
      try {
        body = JSON.parse(raw);
      } catch {
        body = { message: raw };
      }
    } catch (e) {
      turn.fail(`Could not reach the server: ${e.message}`);
      finishTurn(turn);
      return;
    }
    if (!response.ok) {
      turn.fail(`${(body && body.message) || response.statusText} (HTTP ${response.status})`);
      finishTurn(turn);
      return;
    }
    if (body.chatId) rememberChatId(body.chatId);
    turn.answered(body);
  }

  async function loadFlows() {
    try {
      const response = await fetch(api('chatflows'));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const list = await response.json();
      ui.flow.replaceChildren();
      for (const flow of list) {
        flows.set(flow.id, flow);
        const option = el('option', '', flow.isStreaming ? flow.name || flow.id : `${flow.name || flow.id} (no streaming)`);
        option.value = flow.id;
        ui.flow.append(option);
      }
      if (list.length === 0) throw new Error('the server has no chatflows');
      const wanted = new URLSearchParams(location.search).get('flow') || stored('flowstream.flow');
      if (wanted && flows.has(wanted)) ui.flow.value = wanted;
      ui.flow.disabled = false;
    } catch (e) {
      ui.notice.textContent = `Could not load the chatflows: ${e.message}`;
    }
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = ui.question.value.trim();
    if (!question || current || !ui.flow.value) return;
    ui.question.value = '';
    ask(question);
  });
  ui.question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.form.requestSubmit();
    }
  });
  ui.flow.addEventListener('change', () => {
    stored('flowstream.flow', ui.flow.value);
    rememberChatId(null); // a chat belongs to one flow
  });
  ui.newChat.addEventListener('click', () => {
    if (current) return;
    rememberChatId(null);
    ui.conversation.replaceChildren();
    ui.question.focus();
  });

  loadFlows();
})();
