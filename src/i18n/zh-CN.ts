// Simplified Chinese (zh-CN). Terminology: referral = 推荐, opportunity = 商机, Partner Center = 合作伙伴中心,
// co-sell = 联合销售 (as in Microsoft's Chinese Partner Center documentation). The role keeps its Partner Center
// name, followed by the name Microsoft's Chinese UI uses (引荐管理员). `{{name}}` placeholders match en.ts exactly.
import type { Catalogue } from './en.js';

export const zhCN: Catalogue = {
  'errors.CONFIG_INVALID': '配置无效：{{problems}}',
  'errors.CONFIG_INVALID.fix': '请更正列出的设置（以 COSELL_ 开头的环境变量或 DATABASE_URL），然后重新启动。',
  'errors.PORT_IN_USE': '{{host}} 上的端口 {{port}} 已被其他程序占用。',
  'errors.PORT_IN_USE.fix':
    '请停止该程序，或使用 COSELL_PORT（或 --port；0 表示自动选择空闲端口）指定其他端口。',
  'errors.STORE_UNREACHABLE': '无法连接到数据库：{{reason}}',
  'errors.STORE_UNREACHABLE.fix':
    '请检查 PostgreSQL 是否正在运行以及 DATABASE_URL 是否正确；或者取消设置 DATABASE_URL 以使用内置存储。',
  'errors.STORE_LOCKED': '数据目录 {{dataDir}} 正被另一个 cosell 进程（pid {{pid}}）使用。',
  'errors.STORE_LOCKED.fix':
    '请停止另一个进程，或使用 COSELL_DATA_DIR 为此进程指定单独的数据目录。若要同时运行多个进程，请使用 PostgreSQL（DATABASE_URL）。',
  'errors.MIGRATION_FAILED': '更新数据库架构时在迁移 {{migration}} 处失败。',
  'errors.MIGRATION_FAILED.fix':
    '没有任何更改被部分应用：每个迁移都在单个事务中运行。请在日志中查看原因并加以修复，然后重新启动。',
  'errors.SECRETS_KEY_INVALID': '机密密钥无效：{{reason}}',
  'errors.SECRETS_KEY_INVALID.fix':
    '请将 COSELL_SECRETS_KEY 设置为 base64 编码的 32 个随机字节（例如：openssl rand -base64 32）。请妥善保管此密钥：没有它，将无法读取已存储的连接。',
  'errors.SECRET_UNREADABLE': '无法解密连接 {{connection}} 的已存储机密。',
  'errors.SECRET_UNREADABLE.fix':
    '机密密钥已更改，或数据已被篡改。请恢复原来的 COSELL_SECRETS_KEY，或使用“cosell connect”重新连接。',

  'errors.WEBHOOK_SIGNATURE_MISSING': 'Webhook 请求未签名：缺少标头 {{header}}。',
  'errors.WEBHOOK_SIGNATURE_MISSING.fix':
    '只有合作伙伴中心可以调用此接收器。如果请求确实来自合作伙伴中心，请使用“cosell webhooks register”重新注册 webhook。',
  'errors.WEBHOOK_SIGNATURE_INVALID': 'Webhook 签名与其正文不匹配。',
  'errors.WEBHOOK_SIGNATURE_INVALID.fix':
    '该请求已被篡改或伪造，未被存储。如果真实的合作伙伴中心事件反复出现此问题，请检查是否有代理改写了正文。',
  'errors.WEBHOOK_ALGORITHM_UNSUPPORTED': '不支持 webhook 签名算法 {{algorithm}}。',
  'errors.WEBHOOK_ALGORITHM_UNSUPPORTED.fix': '合作伙伴中心使用 rsa-sha256 签名；其他算法一律拒绝。',
  'errors.WEBHOOK_CERT_HOST_NOT_ALLOWED':
    '签名证书位于主机 {{host}} 上，该主机不在允许列表中；未获取该证书。',
  'errors.WEBHOOK_CERT_HOST_NOT_ALLOWED.fix':
    '如果此主机确实提供合作伙伴中心证书，请将其添加到 COSELL_WEBHOOK_CERT_HOSTS。',
  'errors.WEBHOOK_CERT_UNAVAILABLE': '无法从 {{host}} 下载签名证书。',
  'errors.WEBHOOK_CERT_UNAVAILABLE.fix':
    '合作伙伴中心会重试投递，错过的事件会在对账时补齐。请检查到证书主机的出站 HTTPS 访问。',
  'errors.WEBHOOK_CERT_INVALID': '签名证书不可接受：{{reason}}',
  'errors.WEBHOOK_CERT_INVALID.fix':
    '证书必须在当前日期有效，并且颁发给 {{issuer}}。伪造的请求会被拒绝；未存储任何内容。',
  'errors.WEBHOOK_BODY_TOO_LARGE': 'Webhook 正文超过了 {{limit}} 字节的限制。',
  'errors.WEBHOOK_BODY_TOO_LARGE.fix':
    '合作伙伴中心事件的体积很小。如果真实事件被拒绝，请调高 COSELL_WEBHOOK_MAX_BYTES。',
  'errors.WEBHOOK_BODY_MALFORMED': 'Webhook 正文不是有效的合作伙伴中心事件：{{reason}}',
  'errors.WEBHOOK_BODY_MALFORMED.fix':
    '合作伙伴中心事件是包含 EventName、ResourceUri 和 ResourceChangeUtcDate 的 JSON。未存储任何内容。',
  'errors.WEBHOOK_CONTENT_TYPE': 'Webhook 正文的内容类型为 {{contentType}}；应为 JSON。',
  'errors.WEBHOOK_CONTENT_TYPE.fix': '请以 application/json 格式发送事件。',
  'errors.WEBHOOK_EVENT_UNKNOWN': '此接收器不处理 webhook 事件 {{event}}。',
  'errors.WEBHOOK_EVENT_UNKNOWN.fix':
    '请使用“cosell webhooks register”仅注册推荐事件；该命令会订阅全部四种推荐事件。',
  'errors.WEBHOOK_REGISTRATION_FAILED': '向合作伙伴中心注册 webhook 失败：{{reason}}',
  'errors.WEBHOOK_REGISTRATION_FAILED.fix':
    '请使用“cosell doctor”检查合作伙伴中心连接，然后再次运行“cosell webhooks register”；重复运行是安全的。',
  'errors.WEBHOOK_VALIDATION_FAILED': '验证事件未到达此接收器：{{reason}}',
  'errors.WEBHOOK_VALIDATION_FAILED.fix':
    '合作伙伴中心必须能够通过互联网访问接收器 URL。请检查 COSELL_PUBLIC_URL、防火墙和 TLS，然后重新注册。',

  'errors.PC_ACCESS_DENIED': '合作伙伴中心拒绝了 {{identity}} 的访问：{{reason}}',
  'errors.PC_ACCESS_DENIED.fix':
    '请在合作伙伴中心（帐户设置 > 用户管理）中为 {{identity}} 分配 Referrals admin（引荐管理员）角色，然后再次运行“cosell connect partner-center”。',
  'errors.PC_UNAUTHENTICATED': '合作伙伴中心未接受登录令牌。',
  'errors.PC_UNAUTHENTICATED.fix': '请使用“cosell connect partner-center”重新登录。',
  'errors.PC_NOT_FOUND': '合作伙伴中心中不存在 ID 为 {{id}} 的 {{resource}}。',
  'errors.PC_NOT_FOUND.fix': '该记录可能已被删除，或属于其他合作伙伴帐户。',
  'errors.PC_INVALID_REQUEST': '合作伙伴中心拒绝了请求：{{reason}}',
  'errors.PC_INVALID_REQUEST.fix': '请检查审核记录中所指记录的数据；原因中会说明是哪个字段。',
  'errors.PC_PRECONDITION_FAILED': '推荐 {{id}} 在读取之后已在合作伙伴中心中被更改。',
  'errors.PC_PRECONDITION_FAILED.fix': '无需操作：系统会重新读取较新的版本，并在其基础上重新应用更改。',
  'errors.PC_THROTTLED': '合作伙伴中心要求降低请求速率（429）。',
  'errors.PC_THROTTLED.fix': '无需操作：系统会在合作伙伴中心要求的等待时间过后重试该调用。',
  'errors.PC_UNAVAILABLE': '合作伙伴中心暂时不可用（503）。',
  'errors.PC_UNAVAILABLE.fix': '无需操作：系统稍后会重试该调用，不会丢失任何数据。',
  'errors.PC_SERVER_ERROR': '合作伙伴中心返回了服务器错误（{{status}}）。',
  'errors.PC_SERVER_ERROR.fix': '无需操作：系统会以退避方式重试该调用。',
  'errors.PC_RESPONSE_INVALID': '合作伙伴中心发送的响应无法被此版本读取：{{reason}}',
  'errors.PC_RESPONSE_INVALID.fix': '请连同运行 ID 一起报告此问题；记录会被保留，并且可以重新提交。',
  'errors.PC_BUDGET_EXHAUSTED':
    '帐户 {{account}} 今日的合作伙伴中心 API 配额已用完（已调用 {{used}} 次，上限为 {{cap}} 次）。',
  'errors.PC_BUDGET_EXHAUSTED.fix':
    '不会丢失任何数据：等待中的工作将于 {{resumeAt}}（UTC 午夜）继续。仅当你的计划允许更多调用时，才调高 COSELL_PC_DAILY_CAP。',
  'errors.NETWORK_ERROR': '对 {{host}} 的网络调用失败：{{reason}}',
  'errors.NETWORK_ERROR.fix': '系统会以退避方式重试该调用。如果问题持续存在，请检查网络连接。',

  'errors.CRM_ACCESS_DENIED': '{{system}} 拒绝了 {{identity}} 的访问：{{reason}}',
  'errors.CRM_ACCESS_DENIED.fix':
    '请在 {{system}} 中为 {{identity}} 分配系统管理员或系统定制员角色，或使用具有该角色的身份进行连接。',
  'errors.CRM_DAILY_LIMIT': '已达到 {{system}} 的每日 API 限制（{{limit}} 个请求中已用 {{used}} 个）。',
  'errors.CRM_DAILY_LIMIT.fix':
    '不会丢失任何内容：等待中的工作将在 {{resumeAt}} 继续。如果经常发生，请向 {{system}} 管理员申请更高的限制。',
  'errors.CRM_THROTTLED': '{{system}} 要求降低请求速度。',
  'errors.CRM_THROTTLED.fix': '无需操作：将在 {{system}} 要求的时间之后重试该调用。',
  'errors.CRM_UNAVAILABLE': '{{system}} 暂时不可用（{{status}}）。',
  'errors.CRM_UNAVAILABLE.fix': '无需操作：将以退避方式重试该调用。不会丢失任何内容。',
  'errors.CRM_REQUEST_INVALID': '{{system}} 拒绝了写入：{{reason}}',
  'errors.CRM_REQUEST_INVALID.fix': '请在 {{system}} 中检查原因所指记录上的字段，然后重新提交该运行。',
  'errors.CRM_NOT_FOUND': '{{system}} 中不存在 ID 为 {{id}} 的 {{object}}。',
  'errors.CRM_NOT_FOUND.fix': '该记录可能已在 {{system}} 中被删除；审核记录会说明是哪项更改需要它。',
  'errors.CRM_CONFLICT': '{{system}} 中的 {{object}} {{id}} 在读取后已被更改。',
  'errors.CRM_CONFLICT.fix': '无需操作：将重新读取该记录，并在较新的版本上应用更改。',
  'errors.CRM_DUPLICATE': '{{system}} 中 {{key}} 对应的 {{object}} 不止一个。',
  'errors.CRM_DUPLICATE.fix': '请在 {{system}} 中合并或删除重复记录，只保留一条，然后重新提交该运行。',
  'errors.CRM_RESPONSE_INVALID': '{{system}} 返回了此版本无法读取的响应：{{reason}}',
  'errors.CRM_RESPONSE_INVALID.fix': '请附上运行 ID 报告此问题；记录会被保留，可以重新提交。',

  'errors.AUTH_NOT_CONNECTED': '尚未建立 {{system}} 连接。',
  'errors.AUTH_NOT_CONNECTED.fix': '请使用“cosell connect {{system}}”连接一次。',
  'errors.AUTH_REFRESH_FAILED': '{{identity}} 的 {{system}} 登录已过期或已被撤销。',
  'errors.AUTH_REFRESH_FAILED.fix':
    '请使用“cosell connect {{system}}”重新登录。在此期间所做的更改会自动补齐，不会丢失任何数据。',
  'errors.AUTH_DEVICE_CODE_EXPIRED': '登录代码在使用前已过期。',
  'errors.AUTH_DEVICE_CODE_EXPIRED.fix': '请再次运行 connect 命令，并在有效期内输入新代码。',
  'errors.AUTH_DEVICE_CODE_DECLINED': '登录已被拒绝。',
  'errors.AUTH_DEVICE_CODE_DECLINED.fix': '请再次运行 connect 命令并批准登录。',
  'errors.AUTH_ROLE_MISSING': '{{identity}} 在 {{system}} 中没有 {{role}} 角色。',
  'errors.AUTH_ROLE_MISSING.fix':
    '请让管理员为 {{identity}} 分配 {{role}} 角色，或使用具有该角色的身份进行连接。',
  'errors.AUTH_SIGN_IN_FAILED': '登录 {{system}} 失败：{{reason}}',
  'errors.AUTH_SIGN_IN_FAILED.fix': '请检查应用程序（客户端）ID 和租户，然后再次运行 connect 命令。',

  'errors.VALIDATION_SOLUTION_MISSING': '此商机未附加任何 Microsoft 联合销售解决方案。',
  'errors.VALIDATION_SOLUTION_MISSING.fix':
    '请向商机添加至少一个你的联合销售就绪解决方案（Microsoft Partner Center Solutions）。',
  'errors.VALIDATION_COUNTRY_INVALID': '客户国家/地区“{{value}}”不是两个字母的 ISO 3166 国家/地区代码。',
  'errors.VALIDATION_COUNTRY_INVALID.fix':
    '请将客户帐户的国家/地区设置为两个字母的代码，例如 US、NL 或 CN。{{suggestion}}',
  'validation.countrySuggestion': '你是否是指 {{code}}（{{name}}）？',
  'errors.VALIDATION_CONTACT_MISSING': '已请求 Microsoft 提供帮助，但未提供客户联系人。',
  'errors.VALIDATION_CONTACT_MISSING.fix':
    '请添加客户联系人的姓名以及电子邮件地址或电话号码，或者清除“Microsoft 可以如何提供帮助？”（How can Microsoft help?）。',
  'errors.VALIDATION_DEAL_VALUE_MISSING': '合格的交易必须填写交易金额。',
  'errors.VALIDATION_DEAL_VALUE_MISSING.fix': '请在商机中输入交易金额。',
  'errors.VALIDATION_CLOSE_DATE_MISSING': '合格的交易必须填写结束日期。',
  'errors.VALIDATION_CLOSE_DATE_MISSING.fix': '请在商机中输入预计结束日期。',
  'errors.VALIDATION_CURRENCY_INVALID': '货币“{{value}}”不是有效的 ISO 4217 代码。',
  'errors.VALIDATION_CURRENCY_INVALID.fix':
    '请使用三个字母的货币代码（例如 USD 或 EUR），并确保已在 CRM 中启用该货币。',
  'errors.VALIDATION_CURRENCY_NOT_ENABLED': '货币 {{value}} 未在 CRM 中启用（已启用：{{enabled}}）。',
  'errors.VALIDATION_CURRENCY_NOT_ENABLED.fix':
    '请在 CRM 中启用 {{value}}（Salesforce：Manage Currencies；Dynamics 365：货币），或使用已启用的货币之一。',
  'errors.STATUS_TRANSITION_INVALID': '推荐无法从 {{from}} 变为 {{to}}。',
  'errors.STATUS_TRANSITION_INVALID.fix':
    '已关闭的推荐（已赢得、已丢失、已拒绝、已过期）为最终状态，永远不会重新打开。',
  'errors.REFERRAL_PAYLOAD_INVALID': '推荐数据无效：{{reason}}',
  'errors.REFERRAL_PAYLOAD_INVALID.fix': '请检查原因中指出的字段。',

  'errors.REQUEST_INVALID': '请求无效：{{reason}}',
  'errors.REQUEST_INVALID.fix': '请按照原因中的说明更正请求。',
  'errors.NOT_FOUND': '未找到：{{what}}',
  'errors.NOT_FOUND.fix': '请检查名称或 ID。',
  'errors.INTERNAL': '发生意外错误（参考编号 {{reference}}）。',
  'errors.INTERNAL.fix': '不会丢失任何数据；系统会重试该工作。如果问题持续存在，请报告参考编号。',

  'cli.description': '让合作伙伴中心的联合销售推荐与 CRM 中的商机保持同步。',
  'cli.error': '错误 {{code}}：{{message}}',
  'cli.fix': '处理方法：{{fix}}',
  'cli.emulator.listening': '合作伙伴中心模拟器正在 {{url}} 上侦听（{{count}} 个推荐）。',
  'cli.emulator.certificate': 'Webhook 均已签名；证书位于 {{url}}。',
  'cli.emulator.stop': '按 Ctrl+C 停止。',
  'cli.connect.open': '若要登录合作伙伴中心，请打开 {{url}} 并输入代码 {{code}}（有效期至 {{expiresAt}}）。',
  'cli.connect.waiting': '正在等待登录获得批准…',
  'cli.connect.signedIn': '已以 {{identity}} 身份登录。',
  'cli.connect.roleOk': '{{identity}} 拥有 Referrals admin（引荐管理员）角色：合作伙伴中心已响应。',
  'cli.connect.saved': '连接已保存（刷新令牌已加密）。访问令牌有效期至 {{expiresAt}}。',
  'cli.connect.refreshNote':
    '当用户被禁用、更改密码或 90 天未活动时，刷新令牌将失效；“cosell doctor”会在此之前发出警告。',
  'cli.webhooks.registered': '已向 {{url}} 注册 {{count}} 个事件：{{events}}。',
  'cli.webhooks.validationSent': '已发送验证事件（关联 ID {{id}}）；正在等待往返完成…',
  'cli.webhooks.validationOk': '往返成功：在合作伙伴中心的检查中，接收器返回了 {{status}}。',
  'cli.webhooks.validationPending': '合作伙伴中心尚未报告往返结果（状态 {{status}}）。',
  'cli.status.inbox': '收件箱：{{total}} 个事件（{{pending}} 个等待中，{{processed}} 个已处理）。',
  'cli.status.budget':
    '今日合作伙伴中心 API 调用（{{day}}，帐户 {{account}}）：已调用 {{used}} 次，上限为 {{cap}} 次。',
  'cli.demo.starting': '正在启动演示：合作伙伴中心模拟器、存储、接收器和示例推荐。',
  'cli.demo.store': '存储：{{store}}。',
  'cli.demo.receiver': 'Webhook 接收器正在 {{url}} 上侦听。',
  'cli.demo.signIn': '正在使用设备代码 {{code}} 以 {{identity}} 身份登录模拟器。',
  'cli.demo.ready':
    '已就绪。模拟器现在会像合作伙伴中心用户那样创建和更新推荐；由此触发的 webhook 会填充收件箱。',
  'cli.demo.tick':
    '收件箱 {{total}} 个事件（已获取 {{processed}} 个，已忽略 {{duplicates}} 个重复事件）| 今日 API 调用 {{used}} / {{cap}} 次',
  'cli.demo.stopping': '正在停止…',
  'cli.demo.stopped': '已停止。所有已接收的内容都已保存在存储中；再次运行即可继续。',
  'cli.demo.productionRefused': '演示仅在沙盒配置文件中运行；请取消设置 COSELL_PROFILE=production。',
  'cli.cmd.demo': '模拟器、存储、接收器和示例推荐：端到端演示合作伙伴中心一侧的流程。',
  'cli.cmd.emulate': '在环回地址上运行远程系统的模拟器。',
  'cli.cmd.emulatePartnerCenter': '合作伙伴中心推荐 API、webhook 和登录终结点。',
  'cli.cmd.connect': '登录远程系统并保存连接。',
  'cli.cmd.connectPartnerCenter': '使用设备代码登录合作伙伴中心；检查 Referrals admin（引荐管理员）角色。',
  'cli.cmd.webhooks': '管理合作伙伴中心的 webhook 注册。',
  'cli.cmd.webhooksRegister': '将全部四种推荐事件订阅到一个 URL（覆盖现有注册），并通过验证事件进行验证。',
  'cli.cmd.status': '显示收件箱和今日的合作伙伴中心 API 配额。',
  'cli.opt.locale': '消息语言：en、nl-NL 或 zh-CN（默认：COSELL_LOCALE）',
  'cli.opt.help': '显示该命令的帮助',
  'cli.opt.port': '要侦听的端口（0：任意空闲端口）',
  'cli.opt.host': '要侦听的地址',
  'cli.opt.seed': '包含初始推荐的 JSON 文件',
  'cli.opt.generate': '要生成的逼真推荐数量',
  'cli.opt.randomSeed': '用于生成数据和故障的随机种子',
  'cli.opt.referrals': '初始示例推荐数量',
  'cli.opt.receiverPort': '接收器端口（0：任意空闲端口；默认为 COSELL_PORT）',
  'cli.opt.interval': '模拟合作伙伴中心编辑操作之间的间隔毫秒数',
  'cli.opt.tick': '状态行之间的间隔毫秒数',
  'cli.opt.exitAfter': '获取到此数量的推荐后停止（用于脚本化运行）',
  'cli.opt.url': 'webhook 接收器的公共 URL（…/webhooks/partner-center）',
  'cli.opt.timeout': '等待验证往返完成的秒数',
  'cli.arg.wholeNumber': '应为大于或等于 0 的整数',
  'cli.cmd.start': '运行连接器：webhook 接收器和状态 API（直到按下 Ctrl+C 或收到 SIGTERM）。',
  'cli.start.listening': '正在 {{url}} 上侦听；合作伙伴中心 webhook 发送到 {{webhookUrl}}。',
  'cli.start.stopped': '已停止；所有已接受的 webhook 都已保存在存储中。',
  'cli.opt.registerWebhooks':
    '开始侦听后，在 COSELL_PUBLIC_URL 注册 webhook（全部四个事件，覆盖现有注册）并检查往返',
  'cli.demo.portBusy': '端口 {{port}} 已被占用；接收器将改用一个空闲端口。',
  'reasons.ECHO': '这是我们自己写入的更改的回显；无需处理。',
  'reasons.NO_CHANGE': '没有同步字段发生更改。',
  'reasons.REFERRAL_CLOSED': '该推荐已在合作伙伴中心关闭；已关闭的交易绝不会被重新打开或覆盖。',
  'reasons.ON_HOLD': '该商机处于搁置阶段；推荐被接受后其编辑才会同步。',
  'reasons.STATUS_TRANSITION_INVALID': '合作伙伴中心不允许此状态更改。',
  'reasons.FIELD_NOT_SYNCED': '此字段不按此方向同步。',
  'reasons.CONFLICT_LOST': '双方都更改了此字段；保留了字段所有者的值。',
  'reasons.CRM_RECORD_MISSING': '合作伙伴中心指向的 CRM 记录不存在；未应用此更改。',
  'reasons.SYNC_DISABLED': '此商机的“与合作伙伴中心同步”处于关闭状态。',
  'cli.cmd.emulateSalesforce':
    'Salesforce REST API（v50.0 及更高版本）、OAuth 和 SOAP 登录，并包含联合销售字段。',
  'cli.opt.singleCurrency': '以不启用多币种的方式运行组织（无 CurrencyIsoCode）',
  'cli.opt.dailyApiCap': '出现 REQUEST_LIMIT_EXCEEDED 之前每天允许的 API 请求数',
  'cli.emulator.salesforceListening':
    'Salesforce 模拟器正在 {{url}} 上侦听（组织 {{orgId}}：{{opportunities}} 个商机，{{accounts}} 个客户）。',
  'cli.emulator.salesforceUsers': '用户：{{users}}；密码 {{password}}；接受任何客户端 ID。',
};
