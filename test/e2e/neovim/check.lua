-- Neovim (0.7+) as a second real LSP client: starts the bundled language server over stdio on the current buffer,
-- waits for the server's first textDocument/publishDiagnostics for it, and prints every diagnostic as
--   line:col: severity code: message
-- (1-based line and UTF-16 column, like `autopilot-csv check`), one per line on stdout, sorted by position.
-- Exit code: 0 when diagnostics were published (even none), 1 on a timeout or an error.
--
--   AUTOPILOT_CSV_SERVER=<abs>/dist/server.js nvim --headless --clean -i NONE -n \
--     -c 'luafile test/e2e/neovim/check.lua' FILE.csv
-- Env: AUTOPILOT_CSV_SERVER (required), AUTOPILOT_CSV_NODE (default: node), LSP_WAIT_MS (default 15000).
-- Neovim 0.7 has no vim.lsp.start (0.8+): vim.lsp.start_client + vim.lsp.buf_attach_client are used when needed.

local function out(line)
  io.stdout:write(line .. '\n') -- headless print() goes to stderr
end

local function fail(message)
  out('error: ' .. message)
  vim.cmd('cquit 1')
end

local server = vim.env.AUTOPILOT_CSV_SERVER
if not server or server == '' then
  return fail('set AUTOPILOT_CSV_SERVER to the language server .js')
end

local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)
local published = false

local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
local config = {
  name = 'autopilot-csv',
  cmd = { vim.env.AUTOPILOT_CSV_NODE or 'node', server, '--stdio' },
  root_dir = vim.fn.getcwd(),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, cfg)
      default_handler(err, result, ctx, cfg)
      if result and result.uri == uri then
        published = true
      end
    end,
  },
}

local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config, { bufnr = bufnr }) -- Neovim >= 0.8
else
  client_id = vim.lsp.start_client(config) -- Neovim 0.7
  if client_id then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
end
if not client_id then
  return fail('could not start the language server')
end

local wait_ms = tonumber(vim.env.LSP_WAIT_MS or '15000')
if not vim.wait(wait_ms, function() return published end, 20) then
  vim.lsp.stop_client(client_id, true)
  return fail('no diagnostics published within ' .. wait_ms .. ' ms')
end

local names = { [vim.diagnostic.severity.ERROR] = 'error', [vim.diagnostic.severity.WARN] = 'warning',
  [vim.diagnostic.severity.INFO] = 'info', [vim.diagnostic.severity.HINT] = 'hint' }

local diagnostics = vim.diagnostic.get(bufnr)
table.sort(diagnostics, function(a, b)
  if a.lnum ~= b.lnum then return a.lnum < b.lnum end
  return a.col < b.col
end)
for _, d in ipairs(diagnostics) do
  -- d.col is a byte index; the CLI counts UTF-16 code units.
  local text = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ''
  local col = d.col
  if col > 0 and col <= #text then
    local _, utf16 = vim.str_utfindex(text, col)
    col = utf16
  end
  -- 0.7.2 has d.code; older 0.7 builds only d.user_data.lsp.code.
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  local head = string.format('%d:%d: %s', d.lnum + 1, col + 1, names[d.severity] or tostring(d.severity))
  if code ~= nil and code ~= vim.NIL then
    head = head .. ' ' .. tostring(code)
  end
  -- One diagnostic per line: newlines inside a message are flattened.
  out(head .. ': ' .. d.message:gsub('\r?\n', ' '))
end

vim.lsp.stop_client(client_id, true)
vim.cmd('qa!')
