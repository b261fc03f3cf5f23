-- End-to-end test of `erlint lsp` driven by Neovim's own LSP client (headless, Neovim >= 0.7).
--
-- Opens main.bicep (an NSG on GatewaySubnet), starts the real server with vim.lsp.start_client,
-- waits for the ER-NS-001 diagnostic, asks for code actions, applies "Ignore ER-NS-001 on this
-- line" with vim.lsp.util.apply_workspace_edit (Neovim then sends its own incremental didChange),
-- waits until the server republishes the new version without ER-NS-001, and stops the client
-- (shutdown/exit, exit code 0). Only the 0.7 API is used: Debian 12 ships Neovim 0.7.2.
--
-- Run by nvim_client_test.sh, which sets ERLINT, ERLINT_RULES_DIR, ERLINT_FIXTURE (the Bicep
-- source, gateway_subnet_nsg.bicep) and ERLINT_TEST_ROOT (an empty temporary folder), then runs
-- it with: nvim --headless --clean -n -c 'lua dofile(...)'.
-- Exits 0 on success; on failure prints "FAIL: ..." and exits 1 (a Lua error counts as a failure).

local TIMEOUT_MS = 30000
local RULE = 'ER-NS-001'
local IGNORE_TITLE = 'Ignore ' .. RULE .. ' on this line'

local function say(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local Failure = {}

local function fail(message)
  error(setmetatable({ message = message }, Failure), 0)
end

local function env(name)
  local value = os.getenv(name)
  if value == nil or value == '' then
    fail('environment variable ' .. name .. ' is not set (run this through nvim_client_test.sh)')
  end
  return value
end

local function wait_for(what, predicate)
  local ok = vim.wait(TIMEOUT_MS, predicate, 20)
  if not ok then
    fail('timed out after ' .. TIMEOUT_MS .. ' ms waiting for ' .. what)
  end
end

-- The diagnostics Neovim holds for the buffer with the rule's code. Neovim 0.7 keeps the LSP
-- `code` both at the top level and (deprecated) in user_data.lsp.code; accept either.
local function findings(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then
      code = d.user_data.lsp.code
    end
    if code == RULE then
      table.insert(found, d)
    end
  end
  return found
end

local function main()
  local erlint = env('ERLINT')
  local rules_dir = env('ERLINT_RULES_DIR')
  local root = env('ERLINT_TEST_ROOT')
  say('# ' .. vim.split(vim.fn.execute('version'), '\n', { trimempty = true })[1])

  -- The Bicep source (an NSG on GatewaySubnet) is shared with lsp_client_test.py.
  local fixture = assert(io.open(env('ERLINT_FIXTURE'), 'r'))
  local path = root .. '/main.bicep'
  local file = assert(io.open(path, 'w'))
  file:write(fixture:read('*a'))
  file:close()
  fixture:close()

  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'bicep' -- the languageId of didOpen; -u NONE has no filetype detection

  -- Every publishDiagnostics for the file, after Neovim's own handler has stored it.
  local published = {}
  local exit = nil
  local client_id = vim.lsp.start_client({
    name = 'erlint',
    cmd = { erlint, 'lsp', '--rules-dir', rules_dir, '--debounce-ms', '0', '--jobs', '1' },
    root_dir = root,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
        if result and vim.uri_to_fname(result.uri) == path then
          table.insert(published, result)
        end
      end,
    },
    on_exit = function(code, signal)
      exit = { code = code, signal = signal }
    end,
  })
  if not client_id then
    fail('vim.lsp.start_client did not start ' .. erlint)
  end
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    fail('vim.lsp.buf_attach_client failed')
  end
  local client = vim.lsp.get_client_by_id(client_id)
  -- Record the didChange notifications Neovim's change tracking sends (through client.notify).
  local changes = {}
  local notify = client.notify
  client.notify = function(method, params)
    if method == 'textDocument/didChange' then
      table.insert(changes, params)
    end
    return notify(method, params)
  end

  wait_for('the ' .. RULE .. ' diagnostic', function()
    return exit ~= nil or #findings(bufnr) > 0
  end)
  if exit then
    fail('the server exited before publishing diagnostics (code ' .. tostring(exit.code) .. ')')
  end
  local sync = client.server_capabilities.textDocumentSync
  if (type(sync) == 'table' and sync.change or sync) ~= vim.lsp.protocol.TextDocumentSyncKind.Incremental then
    fail('the server does not declare incremental sync')
  end
  local found = findings(bufnr)
  if #found ~= 1 then
    fail('expected one ' .. RULE .. ' diagnostic, got ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  end
  local finding = found[1]
  -- vim.diagnostic positions are 0-based like LSP ones: line 16, column 11 in the editor.
  if finding.lnum ~= 15 or finding.col ~= 10 then
    fail(RULE .. ' at the wrong place: ' .. vim.inspect(finding))
  end
  say('ok - Neovim shows ' .. RULE .. ' at 15:10: ' .. finding.message)

  -- The LSP diagnostic as the server sent it, for the code action's context.
  local lsp_diagnostic = nil
  for _, d in ipairs(published[#published].diagnostics) do
    if d.code == RULE then
      lsp_diagnostic = d
    end
  end
  if not lsp_diagnostic then
    fail('the last publication has no ' .. RULE .. ': ' .. vim.inspect(published[#published]))
  end
  local reply, err = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic } },
  }, TIMEOUT_MS, bufnr)
  if not reply then
    fail('textDocument/codeAction failed: ' .. tostring(err))
  end
  if reply.err then
    fail('textDocument/codeAction returned an error: ' .. vim.inspect(reply.err))
  end
  local action = nil
  local titles = {}
  for _, a in ipairs(reply.result or {}) do
    table.insert(titles, a.title)
    if a.title == IGNORE_TITLE then
      action = a
    end
  end
  if not action or not action.edit then
    fail('no "' .. IGNORE_TITLE .. '" action with an edit among ' .. vim.inspect(titles))
  end
  say('ok - the server offers "' .. IGNORE_TITLE .. '"')

  local tick_before = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  local version = vim.api.nvim_buf_get_changedtick(bufnr)
  if version == tick_before then
    fail('applying the workspace edit did not change the buffer')
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  if not text:find('erlint-ignore ' .. RULE, 1, true) then
    fail('the buffer has no "erlint-ignore ' .. RULE .. '" after the edit:\n' .. text)
  end

  -- Neovim sends the edit as an incremental didChange with version = changedtick; wait for the
  -- server's publication of that version (or a later one) and check the finding is gone.
  wait_for('diagnostics of version ' .. version .. ' without ' .. RULE, function()
    local last = published[#published]
    return exit ~= nil or (last.version ~= nil and last.version >= version and #findings(bufnr) == 0)
  end)
  if exit then
    fail('the server exited after the edit (code ' .. tostring(exit.code) .. ')')
  end
  if client.is_stopped() then
    fail('the client stopped after the edit')
  end
  local inserted = false
  for _, change in ipairs(changes) do
    for _, c in ipairs(change.contentChanges) do
      if c.range == nil then
        fail('Neovim sent a full-text didChange, expected incremental ones: ' .. vim.inspect(changes))
      end
      inserted = inserted or c.text:find('erlint-ignore ' .. RULE, 1, true) ~= nil
    end
  end
  if not inserted then
    fail('no incremental didChange carried the ignore comment: ' .. vim.inspect(changes))
  end
  say(string.format('ok - %d incremental didChange(s); at version %d Neovim no longer shows %s', #changes, version,
                    RULE))

  client.stop()
  wait_for('the server to exit after shutdown/exit', function()
    return exit ~= nil
  end)
  if exit.code ~= 0 or exit.signal ~= 0 then
    fail('the server exited with code ' .. tostring(exit.code) .. ', signal ' .. tostring(exit.signal))
  end
  say('ok - shutdown and exit with code 0')
  say('4 passed, 0 failed')
end

local ok, problem = xpcall(main, function(e)
  if getmetatable(e) == Failure then
    return e.message
  end
  return debug.traceback(tostring(e), 2)
end)
if ok then
  vim.cmd('qall!')
else
  say('FAIL: ' .. problem)
  vim.cmd('cquit 1')
end
